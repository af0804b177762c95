using System.CommandLine;
using Godwit.Core.Connections;
using Godwit.Core.Hosting;
using Godwit.Demo.Commands;

namespace Godwit.Demo;

/// <summary>
/// <c>godwit-demo</c>: the travel-booking app of <c>make demo</c>. Seeds its database, runs its write traffic through
/// the routing file, checks its ledger against the target, and sums the demo up. Ctrl-C or SIGTERM stops cleanly.
/// </summary>
public static class DemoCli
{
    public static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("The travel-booking app of Godwit's live demo: seed its database, run its traffic, check what it wrote.");
        root.Subcommands.Add(SeedCommand.Create(stdout, stderr));
        root.Subcommands.Add(RouteCommand.Create(stdout));
        root.Subcommands.Add(TrafficCommand.Create(stdout, stderr));
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr));
        root.Subcommands.Add(SummaryCommand.Create(stdout));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool handleSignals)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // The first signal stops cleanly (the traffic settles its writes in flight and reports); a second one exits at once.
        using var signals = new StopSignals(handleSignals);
        try
        {
            var parse = BuildRoot(stdout, stderr).Parse(args);
            var config = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            var code = await parse.InvokeAsync(config, signals.Token);

            // The traffic command turns a stop into its report; other commands end with the signal's code.
            return signals.IsStopRequested && code != DemoExitCode.Success && code != DemoExitCode.Findings ? signals.ExitCode : code;
        }
        catch (OperationCanceledException) when (signals.IsStopRequested)
        {
            return signals.ExitCode;
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync($"godwit-demo: error: {Describe(ex)}");
            if (Environment.GetEnvironmentVariable("GODWIT_DEBUG") == "1")
            {
                await stderr.WriteLineAsync(SecretMasker.Mask(ex.ToString()));
            }

            return DemoExitCode.Error;
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None);
            await stderr.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>One masked line: the message, plus the inner reason where it adds something.</summary>
    public static string Describe(Exception ex) => SecretMasker.Describe(ex);
}
