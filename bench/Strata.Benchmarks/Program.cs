using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, e.g. `-- --filter '*'` or `-- --filter '*Postgres*' --job short`.
BenchmarkSwitcher.FromAssembly(typeof(Strata.Benchmarks.User).Assembly).Run(args);
