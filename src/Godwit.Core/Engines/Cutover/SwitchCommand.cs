using System.Diagnostics;
using System.Globalization;
using Godwit.Core.Connections;

namespace Godwit.Core.Engines.Cutover;

/// <summary>
/// Runs the operator's <c>--switch-command</c> through <c>/bin/sh -c</c>: with <c>GODWIT_PRIMARY=target</c> to send
/// the application to the target, and again with <c>GODWIT_PRIMARY=source</c> when a later part of the switch fails
/// and it must be undone. Its output goes to the log (masked); a non-zero exit or the timeout fails the step.
/// </summary>
public static class SwitchCommand
{
    /// <summary>
    /// Runs the command ($1) in a session and process group of its own (<c>setsid</c>; a non-interactive sh has no job
    /// control) with stdin from /dev/null, and watches our stdin on fd 3: end of file there means godwit is gone
    /// (kill -9 included), and the command's whole group is terminated instead of running on as an orphan.
    /// (dash's kill takes no "--": the signal comes first, then the negative group id.)
    /// </summary>
    private const string Watchdog = """
        exec 3<&0
        setsid /bin/sh -c "$1" </dev/null &
        child=$!
        ( while read -r _ <&3; do :; done; kill -TERM "-$child" 2>/dev/null ) &
        watcher=$!
        wait "$child"
        status=$?
        kill "$watcher" 2>/dev/null
        exit "$status"
        """;

    public static async Task RunAsync(
        string command, string primary, long routingVersion, string? routingFile, ConnectionUri source, ConnectionUri target, TimeSpan timeout, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("godwit-switch-command");
        info.ArgumentList.Add(command);
        RemovePasswords(info.Environment);
        info.Environment["GODWIT_PRIMARY"] = primary;
        info.Environment["GODWIT_ROUTING_VERSION"] = routingVersion.ToString(CultureInfo.InvariantCulture);
        info.Environment["GODWIT_ROUTING_FILE"] = routingFile ?? string.Empty;
        info.Environment["GODWIT_SOURCE"] = source.ToString();
        info.Environment["GODWIT_TARGET"] = target.ToString();
        // Our end of the watchdog's stdin stays open while we live: if godwit dies (kill -9), the pipe closes and the
        // watchdog ends the command's whole process group instead of leaving it running as an orphan.
        using var process = Process.Start(info) ?? throw new CutoverAbortedException($"--switch-command could not be started: {command}");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new CutoverAbortedException(cancellationToken.IsCancellationRequested
                ? "--switch-command was interrupted"
                : string.Create(CultureInfo.InvariantCulture, $"--switch-command (GODWIT_PRIMARY={primary}) did not finish within {timeout.TotalSeconds:0} s"));
        }

        if (process.ExitCode != 0)
        {
            throw new CutoverAbortedException(string.Create(CultureInfo.InvariantCulture, $"--switch-command (GODWIT_PRIMARY={primary}) exited with {process.ExitCode}"));
        }

        void Forward(string? line)
        {
            if (line is not null)
            {
                log("godwit: cutover: switch-command: " + SecretMasker.Mask(line));
            }
        }
    }

    /// <summary>
    /// The switch command is the operator's script: it gets the URIs (masked) and the routing facts, never godwit's
    /// own passwords (GODWIT_SOURCE_PASSWORD, GODWIT_TARGET_PASSWORD), which it would otherwise inherit.
    /// </summary>
    private static void RemovePasswords(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.Where(IsGodwitPassword).ToList())
        {
            environment.Remove(name);
        }

        static bool IsGodwitPassword(string name) =>
            name.StartsWith("GODWIT_", StringComparison.OrdinalIgnoreCase) && name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase);
    }
}
