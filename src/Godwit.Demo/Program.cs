using Godwit.Demo;

return await DemoCli.RunAsync(args, Console.Out, Console.Error, handleSignals: true);
