using System.Globalization;

namespace Godwit.Core.Tenants;

/// <summary>
/// A moving table whose AUTO_INCREMENT/identity ids would overlap on the target: the target's next value is at or
/// below the highest id the source has handed out, so ids the move brings (the tenant's rows now, and those the
/// source hands it during the move, above that) fall in the range the target hands its own inserts.
/// </summary>
public sealed record TenantIdOverlap(string Table, string Column, TenantIdRange Source, long TargetNext, string TargetTable)
{
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var tenant = Source.TenantMin is { } min ? string.Create(c, $"ids {min}..{Source.TenantMax} now") : "no row now";
        var next = TargetNext.ToString(c);
        var handedOut = Source.HandedOut.ToString(c);
        return $"{Table}.{Column}: AUTO_INCREMENT/identity range overlap: the target's next value is {next}, at or below the {handedOut} the source has handed out "
            + $"(the tenant has {tenant}, and gets ids above {handedOut} from the source during the move): the target's next inserts into {TargetTable} "
            + $"would take ids of moved rows, or moved rows overwrite theirs. Raise the target's counter past {handedOut} with room for the move's inserts "
            + $"(MySQL: ALTER TABLE {TargetTable} AUTO_INCREMENT = N; PostgreSQL: SELECT setval(pg_get_serial_sequence('{TargetTable}', '{Column}'), N)), "
            + "or pass --allow-id-overlap if nothing inserts into that table on the target before the switch";
    }
}
