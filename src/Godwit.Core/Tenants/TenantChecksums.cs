using Godwit.Core.Verify;

namespace Godwit.Core.Tenants;

/// <summary>
/// The checksum half of a tenant's verify at the switch: each moving table's rows of the tenant compared by the verify
/// engine (<see cref="TableVerifier"/> in checksum mode: canonical row hashes summed in both databases per key range,
/// bisected down to the rows that differ), restricted on each side by the same predicate as the copy
/// (<see cref="VerifyTable.Filtered"/>, foreign-key paths included). An included (shared) table is compared by count
/// only: the other side may hold rows of its own there.
/// </summary>
public static class TenantChecksums
{
    private const int SampleSize = 5;

    private static readonly VerifyOptions Options = new()
    {
        Mode = VerifyMode.Checksum,

        // The tenant is frozen and drained: a difference is a difference, there is nothing to wait for.
        Recheck = null,
        MaxDifferences = SampleSize,
        Parallelism = 1,
    };

    public static async Task<IReadOnlyList<TenantTableChecksum>> CompareAsync(
        TenantPlan plan, TenantRowFilters filters, IVerifyEndpoint from, IVerifyEndpoint to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(filters);
        var verifier = new TableVerifier(from, to, Options, NoCatchUp.Instance, null, "tenant-" + plan.Tenant, null);
        var results = new List<TenantTableChecksum>();
        foreach (var table in plan.Moving.Where(t => t.Filtered))
        {
            var verify = VerifyTable.Create(filters.Mapping(table.Table)).Filtered(filters.SourceFilter(table), filters.TargetFilter(table));
            var result = await verifier.VerifyAsync(verify, cancellationToken).ConfigureAwait(false);
            results.Add(new TenantTableChecksum(
                table.Table,
                result.IsEqual,
                result.Compared,
                [.. result.Differences.Take(SampleSize).Select(Describe)]));
        }

        return results;
    }

    /// <summary>The row by its key as verify names it (<c>id=2003</c>; a keyless table's rows have none), and what differs.</summary>
    private static string Describe(RowDifference difference)
    {
        var what = difference.Kind switch
        {
            DifferenceKind.Missing => "missing on the destination",
            DifferenceKind.Extra => "only on the destination",
            _ => "differs" + (difference.Columns.Count == 0 ? string.Empty : " in " + string.Join(", ", difference.Columns.Select(c => c.Column))),
        };
        return string.IsNullOrEmpty(difference.Key) ? $"a row {what}" : $"{difference.Key} {what}";
    }
}
