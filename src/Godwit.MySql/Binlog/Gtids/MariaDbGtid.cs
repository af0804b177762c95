using System.Globalization;

namespace Godwit.MySql.Binlog.Gtids;

/// <summary>A MariaDB global transaction id: domain, originating server and sequence number, written "0-1-100".</summary>
public readonly record struct MariaDbGtid(uint DomainId, uint ServerId, ulong Sequence)
{
    public static MariaDbGtid Parse(ReadOnlySpan<char> text)
    {
        var first = text.IndexOf('-');
        var last = text.LastIndexOf('-');
        if (first <= 0 || last <= first + 1 || last == text.Length - 1
            || !uint.TryParse(text[..first], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
            || !uint.TryParse(text[(first + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out var server)
            || !ulong.TryParse(text[(last + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new FormatException($"'{text}' is not a MariaDB GTID (domain-server-sequence, e.g. 0-1-100).");
        }

        return new MariaDbGtid(domain, server, sequence);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DomainId}-{ServerId}-{Sequence}");
}
