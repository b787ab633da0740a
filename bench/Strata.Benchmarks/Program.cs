using BenchmarkDotNet.Running;

// `-- point-select [options]` measures point-select throughput against sysbench's tables (see PointSelectThroughput);
// anything else runs the benchmarks chosen on the command line, e.g. `-- --filter '*'` or `-- --filter '*Postgres*' --job short`.
if (args is ["point-select", .. var options]) return await Strata.Benchmarks.PointSelectThroughput.RunAsync(options);
BenchmarkSwitcher.FromAssembly(typeof(Strata.Benchmarks.User).Assembly).Run(args);
return 0;
