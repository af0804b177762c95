using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.Providers.MySql.Target.Apply;
using Godwit.Providers.MySql.Verify;

namespace Godwit.Providers.MySql.Target;

/// <summary>
/// What the commands ask of a MySQL target's control: its streams (state, applier) and its cutover history, which is
/// empty: a cutover onto a MySQL target is refused before anything is frozen (<see cref="LockCutoverAsync"/>).
/// </summary>
internal sealed class MySqlTargetControl(MySqlTargetSessions sessions) : ITargetControl
{
    private const string NoCutover = "a cutover onto a MySQL/MariaDB target is not supported yet (migrate, sync, verify and status are); nothing was frozen.";
    private MySqlConnection? _connection;

    public Task<IAsyncDisposable?> LockCutoverAsync(string schema, CancellationToken cancellationToken) => throw new UnsupportedEndpointException(NoCutover);

    public Task<CutoverRecord?> LatestCutoverAsync(string schema, CancellationToken cancellationToken) => Task.FromResult<CutoverRecord?>(null);

    public Task<long> BeginCutoverAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    public Task StepAsync(long id, string step, bool sourceFrozen, string? position, string? transactionState, long? reservedVersion, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    public Task SwitchCommandStartingAsync(long id, CancellationToken cancellationToken) => throw new UnsupportedEndpointException(NoCutover);

    public Task<(long? UndoVersion, bool SwitchCommandStarted)> SwitchFactsAsync(long id, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    /// <summary>No cutover has handed out a routing version on a MySQL target.</summary>
    public Task<long> MaxRoutingVersionAsync(string schema, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task FinishCutoverAsync(long id, string result, bool sourceFrozen, long? freezeMs, long? routingVersion, string? abortReason, string reportJson, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    public async Task<StreamState?> FindStreamAsync(string? stream, string sourceSchema, string targetSchema, CancellationToken cancellationToken) =>
        stream is not null
            ? await ReadStreamAsync(stream, cancellationToken)
            : await MySqlSyncStateStore.FindAsync(await ConnectionAsync(cancellationToken), sourceSchema, targetSchema, cancellationToken);

    public async Task<StreamState?> ReadStreamAsync(string stream, CancellationToken cancellationToken) =>
        await MySqlSyncStateStore.ReadAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken);

    public async Task<int?> StreamApplierAsync(string stream, CancellationToken cancellationToken) =>
        await MySqlStreamLock.HolderAsync(await ConnectionAsync(cancellationToken), stream, cancellationToken) is { } id ? checked((int)id) : null;

    public Task<GateResults> CheckAsync(PgSchemaPlan plan, CancellationToken cancellationToken) => throw new UnsupportedEndpointException(NoCutover);

    public Task<IReadOnlyList<string>> MoveIdentitiesAsync(IReadOnlyList<IdentityMark> marks, long gap, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    public Task<IReadOnlyList<string>> MoveSequencesAsync(IReadOnlyList<SequenceMark> marks, long gap, CancellationToken cancellationToken) =>
        throw new UnsupportedEndpointException(NoCutover);

    public IVerifyEndpoint VerifyEndpoint() => new MySqlVerifyEndpoint(sessions.Settings, targetSide: true);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<MySqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection is { IsUsable: true } ? _connection : _connection = await sessions.OpenAsync(cancellationToken);
}
