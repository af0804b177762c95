using Godwit.Core.Connections;

namespace Godwit.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string StdOut, string StdErr)
{
    public static async Task<CliRun> InvokeAsync(
        string[] args,
        Func<string, string?>? environment = null,
        string? workingDirectory = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = CliConsole.FromWriters(stdout, stderr);
        var home = Path.Combine(Path.GetTempPath(), "godwit-no-home");
        var specs = new SpecResolver(
            new PasswordResolver(environment ?? (_ => null), home),
            workingDirectory ?? Path.GetTempPath());
        var code = await GodwitCli.RunAsync(args, console, specs, handleSignals: false);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
