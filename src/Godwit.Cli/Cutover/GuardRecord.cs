using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>
/// What a guard watches for, the checks that failed, the trigger that fired, the decision and the action, kept in the
/// cutover's own record on the target as they happen (<see cref="Core.Providers.ITargetControl.RecordGuardAsync"/>),
/// so <c>godwit status</c> shows them from any machine while the guard runs and after it ended. Saving is best
/// effort: a guard never stops watching because its record could not be written (the log on stderr has it all).
/// </summary>
public sealed class GuardRecord(ConnectionUri target, string schema, GuardOptions options, Action<string> log)
{
    /// <summary>The most recent events kept (a guard watching for hours would otherwise grow its record without end).</summary>
    private const int KeptEvents = 50;

    private readonly Lock _lock = new();
    private readonly List<Dictionary<string, object?>> _events = [];
    private long? _cutoverId;
    private string _state = "watching";
    private DateTimeOffset _until;
    private GuardTrigger? _fired;
    private string? _action;
    private Task _saving = Task.CompletedTask;

    /// <summary>Finds the cutover the guard belongs to and records that it watches.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        _until = DateTimeOffset.UtcNow + options.Duration;
        try
        {
            await using var control = ProviderRegistry.Target(target).Control();
            _cutoverId = (await control.LatestCutoverAsync(schema, ct))?.Id;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"godwit: guard: warning: the cutover's record could not be read ({SecretMasker.Describe(ex)}); `godwit status` will not show the guard");
        }

        await SaveAsync(ct);
    }

    /// <summary>A line of the guard's log (a failed check, a decision): kept with its time and saved in the background.</summary>
    public void Note(string line)
    {
        lock (_lock)
        {
            _events.Add(new Dictionary<string, object?> { ["at"] = DateTimeOffset.UtcNow, ["what"] = line });
            if (_events.Count > KeptEvents)
            {
                _events.RemoveAt(0);
            }

            var previous = _saving;
            _saving = SaveAfterAsync(previous);
        }
    }

    /// <summary>The trigger fired: the decision is to roll back.</summary>
    public Task FiredAsync(GuardTrigger trigger, CancellationToken ct)
    {
        lock (_lock)
        {
            _fired = trigger;
            _state = "rolling-back";
        }

        return SaveAsync(ct);
    }

    /// <summary>The guard ended: <paramref name="state"/> is <c>ended</c> (no trigger), <c>rolled-back</c> or <c>rollback-failed</c>.</summary>
    public async Task FinishedAsync(string state, string? action, CancellationToken ct)
    {
        lock (_lock)
        {
            _state = state;
            _action = action;
        }

        await _saving;
        await SaveAsync(ct);
    }

    private async Task SaveAfterAsync(Task previous)
    {
        await previous;
        await SaveAsync(CancellationToken.None);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        if (_cutoverId is not { } id)
        {
            return;
        }

        string json;
        lock (_lock)
        {
            json = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["state"] = _state,
                ["until"] = _until,
                ["max_lag_s"] = options.MaxLag.TotalSeconds,
                ["unreachable_s"] = options.Unreachable.TotalSeconds,
                ["command"] = options.Command is not null,
                ["trigger"] = _fired?.Kind,
                ["detail"] = _fired?.Detail,
                ["fired_at"] = _fired?.At,
                ["action"] = _action,
                ["events"] = _events.ToList(),
            });
        }

        try
        {
            await using var control = ProviderRegistry.Target(target).Control();
            await control.RecordGuardAsync(id, json, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log($"godwit: guard: warning: the guard's record could not be saved on the target ({SecretMasker.Describe(ex)})");
        }
    }
}
