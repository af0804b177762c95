using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Positions;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// One copy worker on a PostgreSQL source: a REPEATABLE READ transaction that imported the slot's snapshot, reading
/// each chunk with binary COPY. Generated columns are not read: the target computes them.
/// </summary>
internal sealed class PgCopyWorker(NpgsqlConnection connection, StreamPosition position) : ISourceWorker, IAsyncDisposable
{
    public StreamPosition? SnapshotPosition => position;

    public static async Task<PgCopyWorker> OpenAsync(NpgsqlConnection connection, string snapshot, StreamPosition position, CancellationToken cancellationToken)
    {
        await using (var begin = new NpgsqlCommand(
            $"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '{snapshot.Replace("'", "''", StringComparison.Ordinal)}'", connection))
        {
            await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PgCopyWorker(connection, position);
    }

    public async Task ReadChunkAsync(
        CopyTable table, ChunkSpec chunk, Func<CancellationToken, ValueTask<RowBatch>> rent, Func<RowBatch, CancellationToken, ValueTask> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(chunk);
        if (table.Filter is not null)
        {
            throw new NotSupportedException($"{table.Name}: copying only some rows (a tenant move) is not supported from a PostgreSQL source yet");
        }

        var columns = string.Join(", ", table.Columns.Select(c => PgIdentifier.Quote(c.Source.Name)));
        var source = PgIdentifier.Qualify(table.Mapping.Source.Schema, table.Mapping.Source.Name);
        var sql = $"COPY (SELECT {columns} FROM ONLY {source}{Where(table, chunk)}) TO STDOUT (FORMAT binary)";
        await using var stream = await connection.BeginRawBinaryCopyAsync(sql, cancellationToken).ConfigureAwait(false);
        var reader = new PgBinaryCopyReader(stream);
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var n = table.Columns.Count;
        var batch = await rent(cancellationToken).ConfigureAwait(false);
        batch.Reset(n);
        while (await reader.ReadRowAsync(batch, cancellationToken).ConfigureAwait(false))
        {
            batch.CommitRow();
            if (batch.IsFull)
            {
                await emit(batch, cancellationToken).ConfigureAwait(false);
                batch = await rent(cancellationToken).ConfigureAwait(false);
                batch.Reset(n);
            }
        }

        await emit(batch, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>
    /// The chunk's rows: an integer key's range (lower exclusive, upper inclusive), or a range of heap pages by ctid
    /// (<see cref="PgChunkPlanner.PagePrefix"/>: lower inclusive, upper exclusive; a TID range scan since PostgreSQL 14).
    /// </summary>
    private static string Where(CopyTable table, ChunkSpec chunk)
    {
        if (chunk.Lower is null && chunk.Upper is null)
        {
            return string.Empty;
        }

        var conditions = new List<string>();
        if (PgChunkPlanner.IsPageRange(chunk))
        {
            if (chunk.Lower is [var lo])
            {
                conditions.Add($"ctid >= '({PgChunkPlanner.Page(lo).ToString(CultureInfo.InvariantCulture)},0)'::tid");
            }

            if (chunk.Upper is [var hi])
            {
                conditions.Add($"ctid < '({PgChunkPlanner.Page(hi).ToString(CultureInfo.InvariantCulture)},0)'::tid");
            }
        }
        else
        {
            var key = PgIdentifier.Quote(table.KeyColumns[0]);
            if (chunk.Lower is [var lo])
            {
                conditions.Add($"{key} > {long.Parse(lo, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
            }

            if (chunk.Upper is [var hi])
            {
                conditions.Add($"{key} <= {long.Parse(hi, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return " WHERE " + string.Join(" AND ", conditions);
    }
}
