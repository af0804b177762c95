using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// Splits a PostgreSQL table into copy chunks: by its integer key's range when it has a one-column integer primary
/// key, else by ranges of heap pages (ctid), which every table has and which a TID range scan reads without an index.
/// A table without a primary key is one chunk: its rows are copied in one snapshot, so the stream's replay from that
/// snapshot cannot duplicate them (<see cref="Core.Engines.Sync.CopySnapshotFilter"/>).
/// </summary>
internal static class PgChunkPlanner
{
    /// <summary>Marks a bound that is a page number, not a key.</summary>
    public const string PagePrefix = "page:";

    private static readonly string[] IntegerTypes = ["smallint", "integer", "bigint"];

    public static bool IsPageRange(ChunkSpec chunk) =>
        (chunk.Lower ?? chunk.Upper) is [var bound] && bound.StartsWith(PagePrefix, StringComparison.Ordinal);

    public static long Page(string bound) => long.Parse(bound[PagePrefix.Length..], CultureInfo.InvariantCulture);

    public static async Task<IReadOnlyList<ChunkSpec>> PlanAsync(NpgsqlConnection connection, CopyTable table, long chunkRows, CancellationToken cancellationToken)
    {
        var source = table.Mapping.Source;
        if (table.KeyColumns.Count == 0 || source.RowEstimate <= chunkRows)
        {
            return [new ChunkSpec(table.Name, 0, null, null)];
        }

        var qualified = PgIdentifier.Qualify(source.Schema, source.Name);
        var count = (long)Math.Ceiling((double)source.RowEstimate / chunkRows);
        var boundaries = new List<string>();
        if (table.KeyColumns.Count == 1 && IntegerTypes.Contains(source.Column(table.KeyColumns[0]).Type.ColumnType))
        {
            var key = PgIdentifier.Quote(table.KeyColumns[0]);
            await using var command = new NpgsqlCommand($"SELECT min({key})::bigint, max({key})::bigint FROM ONLY {qualified}", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reader.IsDBNull(0))
            {
                return [new ChunkSpec(table.Name, 0, null, null)];
            }

            var min = (decimal)reader.GetInt64(0);
            var max = (decimal)reader.GetInt64(1);
            var step = Math.Max(1, Math.Ceiling((max - min + 1) / count));
            for (var b = min + step - 1; b < max; b += step)
            {
                boundaries.Add(b.ToString("0", CultureInfo.InvariantCulture));
            }
        }
        else
        {
            await using var command = new NpgsqlCommand($"SELECT relpages::bigint FROM pg_catalog.pg_class WHERE oid = {Literal(qualified)}::regclass", connection);
            var pages = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            var step = Math.Max(1, (long)Math.Ceiling((double)pages / count));
            for (var p = step; p < pages; p += step)
            {
                boundaries.Add(PagePrefix + p.ToString(CultureInfo.InvariantCulture));
            }

            if (boundaries.Count == 0)
            {
                return [new ChunkSpec(table.Name, 0, null, null)];
            }

            // The first chunk starts at page 0 so that every chunk says which kind of bound it has.
            boundaries.Insert(0, PagePrefix + "0");
        }

        var chunks = new List<ChunkSpec>();
        IReadOnlyList<string>? lower = boundaries[0].StartsWith(PagePrefix, StringComparison.Ordinal) ? [boundaries[0]] : null;
        foreach (var upper in boundaries.Skip(lower is null ? 0 : 1))
        {
            chunks.Add(new ChunkSpec(table.Name, chunks.Count, lower, [upper]));
            lower = [upper];
        }

        chunks.Add(new ChunkSpec(table.Name, chunks.Count, lower, null));
        return chunks;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
