using System.Diagnostics;

namespace Godwit.Cli.Tests;

/// <summary>Runs the real <c>./godwit</c> executable at the repository root, as a user would.</summary>
internal static class GodwitProcess
{
    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        // Through env(1) with SIGINT reset: a test host started in the background by a shell without job control
        // inherits SIGINT ignored, the runtime keeps an ignored SIGINT ignored, and Ctrl-C could not be tested.
        // env execs ./godwit, which execs dotnet: the process id stays the one signalled.
        var psi = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add(System.IO.Path.Combine(RepositoryRoot.Path, "godwit"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("could not start ./godwit");
    }

    public static async Task<CliRun> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
