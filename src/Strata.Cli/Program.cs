using Strata.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
