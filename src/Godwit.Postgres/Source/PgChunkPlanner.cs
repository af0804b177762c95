using System.Globalization;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Npgsql;

namespace Godwit.Postgres.Source;

/// <summary>
/// Splits a PostgreSQL table into copy chunks: by its integer key's range when it has a one-column integer primary
/// key (a range holds the same rows at every snapshot, so a resumed copy keeps what it copied), else by ranges of
/// heap pages (ctid), which every table has and which a TID range scan (PostgreSQL 14 and later) reads without an
/// index. Page ranges hold a well-defined set of rows only within one snapshot (an update moves a row to another
/// page), so a resumed copy copies a partly copied table again (<see cref="PgCopySource.IsSnapshotBound"/>). No page
/// ranges in a tenant move (its table on the target holds other tenants' rows, so it must never be emptied) or before
/// PostgreSQL 14 (where a ctid condition scans the whole table): one chunk then. A table without a primary key is one
/// chunk: its rows are copied in one snapshot, so the stream's replay from that snapshot cannot duplicate them
/// (<see cref="Core.Engines.Sync.CopySnapshotFilter"/>).
/// </summary>
internal static class PgChunkPlanner
{
    /// <summary>Marks a bound that is a page number, not a key.</summary>
    public const string PagePrefix = "page:";

    /// <summary>The first major version with TID range scans (<c>ctid &gt;= … AND ctid &lt; …</c> without a full scan).</summary>
    private const int TidRangeScanSince = 14;

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
        var integerKey = table.KeyColumns.Count == 1 && IntegerTypes.Contains(source.Column(table.KeyColumns[0]).Type.ColumnType);
        var pageRanges = table.Filter is null && connection.PostgreSqlVersion.Major >= TidRangeScanSince;
        List<string> boundaries;
        if (integerKey)
        {
            boundaries = await KeyBoundariesAsync(connection, qualified, PgIdentifier.Quote(table.KeyColumns[0]), count, cancellationToken).ConfigureAwait(false);
        }
        else if (pageRanges)
        {
            boundaries = await PageBoundariesAsync(connection, qualified, count, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            boundaries = [];
        }

        if (boundaries.Count == 0)
        {
            return [new ChunkSpec(table.Name, 0, null, null)];
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

    /// <summary>Inner bounds of about <paramref name="count"/> integer key ranges (lower exclusive, upper inclusive).</summary>
    private static async Task<List<string>> KeyBoundariesAsync(NpgsqlConnection connection, string qualified, string key, long count, CancellationToken cancellationToken)
    {
        var boundaries = new List<string>();
        await using var command = new NpgsqlCommand($"SELECT min({key})::bigint, max({key})::bigint FROM ONLY {qualified}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (reader.IsDBNull(0))
        {
            return boundaries;
        }

        var min = (decimal)reader.GetInt64(0);
        var max = (decimal)reader.GetInt64(1);
        var step = Math.Max(1, Math.Ceiling((max - min + 1) / count));
        for (var b = min + step - 1; b < max; b += step)
        {
            boundaries.Add(b.ToString("0", CultureInfo.InvariantCulture));
        }

        return boundaries;
    }

    /// <summary>
    /// Bounds of about <paramref name="count"/> page ranges, starting with page 0 so that every chunk says which kind
    /// of bound it has. The table's size on disk, not <c>relpages</c>: a table loaded and not yet vacuumed or
    /// analysed has <c>relpages</c> 0.
    /// </summary>
    private static async Task<List<string>> PageBoundariesAsync(NpgsqlConnection connection, string qualified, long count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT pg_catalog.pg_relation_size({Literal(qualified)}::regclass) / current_setting('block_size')::bigint", connection);
        var pages = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        var step = Math.Max(1, (long)Math.Ceiling((double)pages / count));
        var boundaries = new List<string>();
        for (var p = step; p < pages; p += step)
        {
            boundaries.Add(PagePrefix + p.ToString(CultureInfo.InvariantCulture));
        }

        if (boundaries.Count > 0)
        {
            boundaries.Insert(0, PagePrefix + "0");
        }

        return boundaries;
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
