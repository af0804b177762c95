using Godwit.Bench;

return await BenchCli.RunAsync(args);
