using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Schema;
using Godwit.Core.Verify;
using Godwit.MySql;
using Godwit.MySql.Binlog;
using Godwit.Providers.MySql.Introspection;
using Godwit.Providers.MySql.Snapshot;
using Godwit.Providers.MySql.Verify;
using Godwit.Providers.MySql.Control;
using Godwit.Providers.MySql.Streaming;

namespace Godwit.Providers.MySql;

/// <summary>A MySQL or MariaDB database (the URI names it) as a migration's source.</summary>
public sealed class MySqlSourceProvider : ISourceProvider
{
    private readonly MySqlConnectionSettings _settings;

    public MySqlSourceProvider(ConnectionUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        _settings = MySqlUriSettings.From(uri);
        Schema = uri.Database ?? throw new ArgumentException($"the source URI must name the database to migrate (got {uri})", nameof(uri));
        Stream = new MySqlStreamSource(_settings);
    }

    public string Schema { get; }

    public IStreamPositionCodec Codec => MySqlPositionCodec.Instance;

    public IStreamSource Stream { get; }

    public Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken) => Stream.IntrospectAsync(cancellationToken);

    public async Task<IReadOnlyList<Finding>> AssessAsync(
        SourceDatabase database, SchemaCasts casts, PgSchemaPlan plan, ConnectionUri? target, bool scan, CancellationToken cancellationToken)
    {
        SourceFacts facts;
        await using (var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken))
        {
            facts = await MySqlSourceFacts.GatherAsync(connection, database, scan, cancellationToken);
        }

        var findings = Assessor.CheckSource(facts, database, casts, plan);
        if (target is null || target.Engine == DatabaseEngine.Postgres)
        {
            // The way back after a cutover (the reverse stream) writes PostgreSQL's values into these columns.
            findings.AddRange(WayBackFindings.For(casts));
        }

        return findings;
    }

    /// <summary>Nothing on a MySQL source is fixed by assess: its findings name what the operator changes.</summary>
    public Task<IReadOnlyList<SourceFix>> FixesAsync(SourceDatabase database, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SourceFix>>([]);

    public Task ApplyFixAsync(SourceFix fix, CancellationToken cancellationToken) =>
        throw new NotSupportedException("a MySQL source has no fixes to apply");

    public async Task<SourceLog> ReadLogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        var head = await BinlogHead.ReadAsync(connection, cancellationToken)
            ?? throw new InvalidOperationException("SHOW MASTER STATUS returned nothing: the source's binary log is off.");
        var sizes = new List<(string File, long Size)>();
        await using (var reader = await connection.QueryAsync("SHOW BINARY LOGS", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sizes.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        return new BinlogSourceLog(head.FileName, head.Position, sizes);
    }

    public bool TryParseTransactionState(string text, out StreamPosition position, out string reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            // Parsed here so that a typo is refused before anything connects.
            _ = BinlogStarts.FromGtids(text);
            position = MySqlPositionCodec.Gtids(text);
            reason = string.Empty;
            return true;
        }
        catch (FormatException ex)
        {
            position = MySqlPositionCodec.Gtids(string.Empty);
            reason = $"'{text}' is not a MariaDB GTID position (0-1-100,…) or a MySQL GTID set ({ex.Message})";
            return false;
        }
    }

    /// <summary>A binlog reader holds nothing on the server: nothing to remove.</summary>
    public Task<IReadOnlyList<string>> ForgetStreamAsync(string streamKey, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>The binlog holds every change already: a new stream starts at the head.</summary>
    public Task<StreamPosition> StartStreamAsync(string streamKey, CancellationToken cancellationToken) => Stream.HeadAsync(cancellationToken);

    /// <summary>The binlog needs no reader state of its own: the stream key is not used.</summary>
    public ICopySource CopySource(string streamKey) => new MySqlCopySource(_settings, Schema);

    public ISourceControl Control(Action<string> log) => new MySqlSourceControl(_settings, log);

    public IVerifyEndpoint VerifyEndpoint() => new MySqlVerifyEndpoint(_settings);

    public Core.Tenants.ITenantSource TenantSource() => new Tenants.MySqlTenantSource(_settings, IntrospectAsync);
}
