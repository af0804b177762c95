using System.CommandLine;
using System.Runtime.InteropServices;
using Godwit.Core.Connections;
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
        using var stop = new CancellationTokenSource();
        var stopCode = DemoExitCode.Interrupted;
        var registrations = new List<PosixSignalRegistration>();
        if (handleSignals)
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => RequestStop(ctx, DemoExitCode.Interrupted)));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => RequestStop(ctx, DemoExitCode.Terminated)));
        }

        // The first signal stops cleanly (the traffic settles its writes in flight and reports); a second one exits at once.
        void RequestStop(PosixSignalContext ctx, int code)
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            ctx.Cancel = true;
            stopCode = code;
            stop.Cancel();
        }

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
            var code = await parse.InvokeAsync(config, stop.Token);

            // The traffic command turns a stop into its report; other commands end with the signal's code.
            return stop.IsCancellationRequested && code != DemoExitCode.Success && code != DemoExitCode.Findings ? stopCode : code;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return stopCode;
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
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            await stdout.FlushAsync(CancellationToken.None);
            await stderr.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>One masked line: the message, plus the inner reason where it adds something.</summary>
    public static string Describe(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        if (ex.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal))
        {
            message = $"{message} ({inner.Message})";
        }

        return SecretMasker.Mask(message);
    }
}
