using Godwit.Cli;

return await GodwitCli.RunAsync(args, CliConsole.FromProcess(), handleSignals: true);
