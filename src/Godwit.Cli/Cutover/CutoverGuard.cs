using System.Globalization;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>
/// The watch after a guarded cutover's switch (seed 003's automatic rollback triggers): every interval it checks the
/// reverse stream's lag and state on the old source, whether the new primary answers, and the operator's command; the
/// first trigger that fires is returned, and the caller rolls back. Every check that fails and every decision is
/// logged. Only providers are composed here.
/// </summary>
public sealed class CutoverGuard(GuardOptions options, ConnectionUri source, ConnectionUri target, string reverseStream, string? routingFile, Action<string> log)
{
    private int _lagging;
    private DateTimeOffset? _unreachableSince;

    /// <summary>Watches for <see cref="GuardOptions.Duration"/>; the trigger that fired, or null when none did.</summary>
    public async Task<GuardTrigger?> WatchAsync(CancellationToken ct)
    {
        var end = DateTimeOffset.UtcNow + options.Duration;
        log(string.Create(CultureInfo.InvariantCulture, $"godwit: guard: watching for {options.Duration.TotalSeconds:0} s: reverse lag above {options.MaxLag.TotalSeconds:0.#} s, the target unreachable for {options.Unreachable.TotalSeconds:0} s{(options.Command is null ? string.Empty : ", --guard-command exiting non-zero")}"));
        while (DateTimeOffset.UtcNow < end)
        {
            if (await CheckAsync(ct) is { } fired)
            {
                log($"godwit: guard: trigger {fired.Kind} fired: {fired.Detail}; decision: roll back");
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
