using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>
/// The watch after a guarded cutover's switch (seed 003's automatic rollback triggers): every interval it checks the
/// reverse stream's lag and state on the old source, whether the new primary answers, and the operator's command; the
/// first trigger that fires is returned, and the caller decides (<see cref="GuardedCutover"/>). Every check that fails and every decision is
/// logged. Only providers are composed here.
/// </summary>
/// <param name="verify">The verify trigger's check (<see cref="GuardOptions.VerifyEvery"/>): what still differs, or null when all is equal.</param>
public sealed class CutoverGuard(
    GuardOptions options, ConnectionUri source, ConnectionUri target, string reverseStream, string? routingFile, Action<string> log, Func<CancellationToken, Task<string?>>? verify = null)
{
    private int _lagging;
    private DateTimeOffset? _unreachableSince;
    private DateTimeOffset? _nextVerify;

    /// <summary>Watches for <see cref="GuardOptions.Duration"/>; the trigger that fired, or null when none did.</summary>
    public async Task<GuardTrigger?> WatchAsync(CancellationToken ct)
    {
        var end = DateTimeOffset.UtcNow + options.Duration;
        log(string.Create(CultureInfo.InvariantCulture, $"godwit: guard: watching for {options.Duration.TotalSeconds:0} s: reverse lag above {options.MaxLag.TotalSeconds:0.#} s, the target unreachable for {options.Unreachable.TotalSeconds:0} s{(options.Command is null ? string.Empty : ", --guard-command exiting non-zero")}{(options.VerifyEvery is { } every ? $", a verify every {every.TotalSeconds:0} s finding differences" : string.Empty)}"));
        while (DateTimeOffset.UtcNow < end)
        {
            if (await CheckAsync(ct) is { } fired)
            {
                log($"godwit: guard: trigger {fired.Kind} fired: {fired.Detail}");
                return fired;
            }

            await Task.Delay(options.Interval, ct);
        }

        log("godwit: guard: no trigger fired; the guard ends and the cutover stands");
        return null;
    }

    private async Task<GuardTrigger?> CheckAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        try
        {
            await ProviderRegistry.ProbeAsync(target, ct);
            _unreachableSince = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _unreachableSince ??= now;
            log($"godwit: guard: the target does not answer ({SecretMasker.Describe(ex)})");
            if (now - _unreachableSince >= options.Unreachable)
            {
                return new GuardTrigger("target-unreachable", string.Create(CultureInfo.InvariantCulture, $"no answer for {(now - _unreachableSince.Value).TotalSeconds:0} s"), now);
            }
        }

        if (await ReverseProblemAsync(ct) is { } reverse)
        {
            return reverse with { At = now };
        }

        if (await VerifyProblemAsync(now, ct) is { } differs)
        {
            return differs;
        }

        if (options.Command is { } command)
        {
            try
            {
                await SwitchCommand.RunAsync(command, "target", 0, routingFile, source, target, TimeSpan.FromSeconds(30), log, ct);
            }
            catch (CutoverAbortedException ex)
            {
                return new GuardTrigger("guard-command", ex.Message.Replace("--switch-command", "--guard-command", StringComparison.Ordinal), now);
            }
        }

        return null;
    }

    /// <summary>Every <see cref="GuardOptions.VerifyEvery"/> (the first one at once): a verify whose differences stayed fires.</summary>
    private async Task<GuardTrigger?> VerifyProblemAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (verify is null || options.VerifyEvery is not { } every || now < (_nextVerify ?? now))
        {
            return null;
        }

        try
        {
            log("godwit: guard: verifying the source against the target (checksums, each chunk once the reverse stream has applied it)");
            if (await verify(ct) is { } differs)
            {
                return new GuardTrigger(GuardedCutover.VerifyTrigger, differs, now);
            }

            log("godwit: guard: verify: every table equal");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A verify that cannot run (the target busy, a lock) says nothing about the data: logged, tried again later.
            log($"godwit: guard: the verify could not run ({SecretMasker.Describe(ex)})");
        }
        finally
        {
            _nextVerify = DateTimeOffset.UtcNow + every;
        }

        return null;
    }

    private async Task<GuardTrigger?> ReverseProblemAsync(CancellationToken ct)
    {
        try
        {
            var report = (await ProviderRegistry.Target(source).StreamReportsAsync(ct)).FirstOrDefault(r => r.Stream == reverseStream);
            if (report is { Status: "error" })
            {
                return new GuardTrigger("reverse-error", report.LastError ?? "the reverse stream failed", default);
            }

            if (report is { LagSeconds: { } lag } && lag > options.MaxLag.TotalSeconds)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"godwit: guard: the reverse stream is {lag:0.#} s behind"));
                return ++_lagging >= 2
                    ? new GuardTrigger("reverse-lag", string.Create(CultureInfo.InvariantCulture, $"{lag:0.#} s behind at two checks in a row (limit {options.MaxLag.TotalSeconds:0.#} s)"), default)
                    : null;
            }

            _lagging = 0;
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log($"godwit: guard: the reverse stream's state could not be read on the source ({SecretMasker.Describe(ex)})");
            return null;
        }
    }
}
