namespace Godwit.Core.Tenants;

/// <summary>What a tenant plan is asked for: the tenant column and value, explicit paths and included shared tables.</summary>
public sealed record TenantPlanRequest
{
    public required string TenantColumn { get; init; }

    public required string Tenant { get; init; }

    /// <summary><c>--tenant-path CHILD.COL=PARENT.COL</c> hops, for tables whose foreign keys do not say it (or say it ambiguously).</summary>
    public IReadOnlyList<TenantHop> Paths { get; init; } = [];

    /// <summary>Shared tables copied whole anyway (<c>--include</c>).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Parses <c>CHILD.COL=PARENT.COL</c> (several columns as <c>CHILD.A,B=PARENT.X,Y</c>).</summary>
    public static TenantHop ParseHop(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sides = text.Split('=', 2);
        if (sides.Length != 2 || Side(sides[0]) is not { } child || Side(sides[1]) is not { } parent || child.Columns.Count != parent.Columns.Count)
        {
            throw new TenantPlanException($"--tenant-path '{text}': expected CHILD.COLUMN=PARENT.COLUMN (e.g. order_items.order_id=orders.id), with as many columns on each side.");
        }

        return new TenantHop(child.Table, child.Columns, parent.Table, parent.Columns);
    }

    private static (string Table, IReadOnlyList<string> Columns)? Side(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1)
        {
            return null;
        }

        var columns = text[(dot + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return columns.Length == 0 ? null : (text[..dot].Trim(), columns);
    }
}
