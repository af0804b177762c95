using System.Threading.Channels;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Godwit.Core.Providers;
using Godwit.Core.Providers.Changes;
using Godwit.Core.Schema;

namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>
/// A source provider held in memory: a log of events, each at the next sequence number, that every connection reads
/// from its start on. Proves the sync engine needs nothing of MySQL or PostgreSQL.
/// </summary>
internal sealed class MemoryStreamSource(SourceDatabase schema) : IStreamSource
{
    private readonly List<ChangeEvent> _log = [];
    private readonly List<Channel<ChangeEvent>> _readers = [];

    public static ChangeTable Items { get; } = new()
    {
        Id = 1,
        Schema = "shop",
        Name = "items",
        Columns = [new LoggedColumn("id", 0, MySqlType.Parse("int"), false), new LoggedColumn("name", 1, MySqlType.Parse("varchar(20)"), true)],
        PrimaryKey = [0],
        HasColumnMetadata = true,
    };

    public IStreamPositionCodec Codec => MemoryPositionCodec.Instance;

    /// <summary>Where the connections started, in order.</summary>
    public List<StreamPosition> Starts { get; } = [];

    /// <summary>Makes the <em>n</em>th connection (1-based) fail after reading this many events.</summary>
    public (int Connection, int AfterEvents)? LoseConnection { get; set; }

    public StreamPosition Head => MemoryPositionCodec.At(_log.Count);

    public Task<SourceDatabase> IntrospectAsync(CancellationToken cancellationToken) => Task.FromResult(schema);

    public Task<StreamPosition> HeadAsync(CancellationToken cancellationToken) => Task.FromResult(Head);

    /// <summary>Appends a transaction: its begin, rows and commit, each at its own position.</summary>
    public void Transaction(params ChangeRows[] rows)
    {
        Append(new ChangeBegin());
        foreach (var change in rows)
        {
            Append(change);
        }

        Append(new ChangeCommit());
    }

    public void Append(ChangeEvent change)
    {
        lock (_log)
        {
            change = Placed(change, MemoryPositionCodec.At(_log.Count + 1));
            _log.Add(change);
            foreach (var reader in _readers)
            {
                reader.Writer.TryWrite(Copy(change));
            }
        }
    }

    public Task<IChangeSource> OpenChangesAsync(ChangeSourceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_log)
        {
            Starts.Add(options.Start);
            var channel = Channel.CreateUnbounded<ChangeEvent>();
            var from = (int)MemoryPositionCodec.Sequence(options.Start);
            foreach (var change in _log.Skip(from))
            {
                channel.Writer.TryWrite(Copy(change));
            }

            _readers.Add(channel);
            var failAfter = LoseConnection is { } lose && lose.Connection == Starts.Count ? lose.AfterEvents : (int?)null;
            return Task.FromResult<IChangeSource>(new MemoryChangeSource(channel, options.Start, failAfter));
        }
    }

    public bool TryClassify(Exception error, out string? transientKind)
    {
        transientKind = error is MemoryConnectionLostException { OnTarget: false } ? "source_connection" : null;
        return transientKind is not null;
    }

    /// <summary>The schema as the test double has it: one table, <c>shop.items (id int primary key, name varchar(20))</c>.</summary>
    public static SourceDatabase Shop() => new()
    {
        Name = "shop",
        Tables =
        [
            new SourceTable
            {
                Schema = "shop",
                Name = "items",
                Columns =
                [
                    new SourceColumn { Name = "id", Ordinal = 1, Type = MySqlType.Parse("int"), IsNullable = false, IsAutoIncrement = true },
                    new SourceColumn { Name = "name", Ordinal = 2, Type = MySqlType.Parse("varchar(20)") },
                ],
                Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = "id" }] }],
            },
        ],
    };

    /// <summary>The event at its position in the log.</summary>
    private static ChangeEvent Placed(ChangeEvent change, StreamPosition at) => change switch
    {
        MemoryChangeRows rows => rows.Replay(at),
        ChangeBegin => new ChangeBegin { Position = at },
        ChangeCommit => new ChangeCommit { Position = at },
        ChangeSchema schema => new ChangeSchema(schema.Statement, schema.DefaultSchema, schema.Ddl, schema.EndsTransaction) { Position = at },
        _ => change,
    };

    private static ChangeEvent Copy(ChangeEvent change) => change is MemoryChangeRows rows ? rows.Replay(rows.Position) : change;
}
