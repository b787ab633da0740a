using BenchmarkDotNet.Running;

// `-- point-select [options]` measures point-select throughput against sysbench's tables (see PointSelectThroughput),
// `-- pgbench [options]` the throughput of pgbench's select and TPC-B-like workloads on its tables (see PgbenchThroughput);
// anything else runs the benchmarks chosen on the command line, e.g. `-- --filter '*'` or `-- --filter '*Postgres*' --job short`.
if (args is ["point-select", .. var options]) return await Strata.Benchmarks.PointSelectThroughput.RunAsync(options);
if (args is ["pgbench", .. var pgbenchOptions]) return await Strata.Benchmarks.PgbenchThroughput.RunAsync(pgbenchOptions);
BenchmarkSwitcher.FromAssembly(typeof(Strata.Benchmarks.User).Assembly).Run(args);
return 0;
