using System.Text;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;
using Godwit.MySql;
using Godwit.MySql.Binlog;
using Godwit.Providers.MySql.Introspection;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>A MySQL or MariaDB database as the sync engine's source: its schema from information_schema, its changes from the binlog.</summary>
public sealed class MySqlStreamSource : IStreamSource
{
    /// <summary>ER_MASTER_FATAL_ERROR_READING_BINLOG: the position is purged or invalid; reconnecting cannot cure it.</summary>
    private const int ErrorFatalReadingBinlog = 1236;

    /// <summary>ER_SERVER_SHUTDOWN.</summary>
    private const int ErrorServerShutdown = 1053;

    /// <summary>CR_SERVER_LOST.</summary>
    private const int ErrorServerLost = 2013;

    /// <summary>CR_SERVER_GONE_ERROR.</summary>
    private const int ErrorServerGone = 2006;

    private readonly MySqlConnectionSettings _settings;
    private readonly string _database;

    public MySqlStreamSource(MySqlConnectionSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _database = settings.Database ?? throw new ArgumentException("the source must name the database", nameof(settings));
    }

    public IStreamPositionCodec Codec => MySqlPositionCodec.Instance;

    public async Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings, cancellationToken);
        var database = await MySqlIntrospector.IntrospectAsync(connection, _database, cancellationToken);
        return database with { NativeDdl = await MySqlNativeDdl.ReadAsync(connection, database, cancellationToken) };
    }

    public async Task<StreamPosition> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await MySqlConnection.OpenAsync(_settings with { Database = null }, cancellationToken);
        var head = await BinlogHead.ReadAsync(connection, cancellationToken)
            ?? throw new SyncException("SHOW MASTER STATUS returned nothing: the source's binary log is off (set log_bin).");
        return MySqlPositionCodec.Coordinates(head.FileName, head.Position);
    }

    public async Task<IChangeSource> OpenChangesAsync(ChangeSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var serverId = options.ReaderId ?? StableServerId(options.StreamKey);
        var source = await BinlogChangeSource.StartAsync(_settings, serverId, options, cancellationToken);
        return source;
    }

    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = null;
        if (error is not MySqlException mysql)
        {
            return false;
        }

        transientKind = mysql switch
        {
            { ErrorCode: ErrorFatalReadingBinlog } => null,
            { IsClientError: true } => "source_connection",
            { ErrorCode: MySqlException.ErrorConnectionKilled or ErrorServerShutdown or ErrorServerLost or ErrorServerGone } => "source_connection",
            _ => null,
        };
        return true;
    }

    /// <summary>A replica id stable for a stream and target (a restarted stream replaces its old dump connection), in a range real replicas rarely use.</summary>
    internal static uint StableServerId(string streamKey)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(streamKey))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return 0x40000000u + (hash % 0x3FFFFFFFu);
    }
}
