using System.Globalization;

namespace Godwit.Bench;

/// <summary>
/// Godwit's benchmark harness. Each benchmark prints one JSON line per run so scripts in bench/ can put
/// the numbers beside their anchor (the command-line clients, pgloader, …) measured in the same run.
/// </summary>
internal static class BenchCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: Godwit.Bench mysql-read URI 'SELECT …' [raw|typed] [runs]");
            return 64;
        }

        switch (args[0])
        {
            case "mysql-read" when args.Length >= 3:
                var mode = args.Length > 3 ? args[3] : "raw";
                var runs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
                await MySqlReadBenchmark.RunAsync(args[1], args[2], mode, runs);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"unknown benchmark or missing arguments: {string.Join(' ', args)}");
                return 64;
        }
    }
}
