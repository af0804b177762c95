using System.CommandLine;
using Godwit.Cli.Commands;
using Godwit.Core.Connections;
using Godwit.Core.Hosting;
using Godwit.Core.Specs;

namespace Godwit.Cli;

/// <summary>
/// The <c>godwit</c> command tree and its invocation: exit codes, masked errors on stderr,
/// and a clean stop on Ctrl-C (130) or SIGTERM (143) through one CancellationToken.
/// </summary>
public static class GodwitCli
{
    public static RootCommand BuildRoot(CliConsole console, SpecResolver specs)
    {
        var root = new RootCommand(
            "Godwit moves a live MySQL/MariaDB database to PostgreSQL without downtime: "
            + "assess, migrate (schema + copy), sync (change data capture), verify, cutover.")
        {
            CommonOptions.Spec(),
        };
        foreach (var option in Logging.GlobalLogOptions.Create())
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(PingCommand.Create(console, specs));
        root.Subcommands.Add(AssessCommand.Create(console, specs));
        root.Subcommands.Add(SchemaCommand.Create(console, specs));
        root.Subcommands.Add(VerifyCommand.Create(console, specs));
        root.Subcommands.Add(MigrateCommand.Create(console, specs));
        root.Subcommands.Add(SyncCommand.Create(console, specs));
        root.Subcommands.Add(StatusCommand.Create(console, specs));
        root.Subcommands.Add(CutoverCommand.Create(console, specs));
        root.Subcommands.Add(RollbackCommand.Create(console, specs));
        root.Subcommands.Add(DashboardCommand.Create(console, specs));
        root.Subcommands.Add(PlanCommand.Create(console, specs));
        root.Subcommands.Add(TenantCommand.Create(console, specs));
        root.Subcommands.Add(WorkerCommand.Create(console));
        root.Subcommands.Add(WorkersCommand.Create(console));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliConsole console, bool handleSignals) =>
        RunAsync(args, console, SpecResolver.Default, handleSignals);

    public static async Task<int> RunAsync(string[] args, CliConsole console, SpecResolver specs, bool handleSignals)
    {
        ArgumentNullException.ThrowIfNull(console);
        using var signals = new StopSignals(handleSignals, code => console.Diagnostic(code == ExitCode.Interrupted
            ? "godwit: interrupted, stopping cleanly (press Ctrl-C again to abort at once)"
            : "godwit: terminated, stopping cleanly"));
        try
        {
            var root = BuildRoot(console, specs);
            var parse = root.Parse(args);
            console.LogOptions = Logging.GlobalLogOptions.From(parse);
            var config = new InvocationConfiguration
            {
                Output = console.StdOut,
                Error = console.StdErr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            var code = await parse.InvokeAsync(config, signals.Token);
            return console.FinalExitCode ?? (signals.IsStopRequested ? signals.ExitCode : code);
        }
        catch (OperationCanceledException) when (signals.IsStopRequested)
        {
            return signals.ExitCode;
        }
        catch (CliException ex)
        {
            console.Diagnostic($"godwit: error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (SpecException ex)
        {
            console.Diagnostic($"godwit: error: {ex.Message}");
            return ExitCode.Error;
        }
        catch (Exception ex)
        {
            console.Diagnostic($"godwit: error: {Describe(ex)}");
            if (Environment.GetEnvironmentVariable("GODWIT_DEBUG") == "1")
            {
                console.Diagnostic(ex.ToString());
            }

            return ExitCode.Error;
        }
        finally
        {
            await console.StdOut.FlushAsync(CancellationToken.None);
            await console.StdErr.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>One line: the message, plus the inner reason where it adds something. Always masked.</summary>
    public static string Describe(Exception ex) => SecretMasker.Describe(ex);
}
