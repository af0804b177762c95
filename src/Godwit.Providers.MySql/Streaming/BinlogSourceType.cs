using System.Globalization;
using System.Text;
using Godwit.Core.Schema;
using Godwit.MySql;
using Godwit.MySql.Binlog;

namespace Godwit.Providers.MySql.Streaming;

/// <summary>
/// A column's source type as its TABLE_MAP tells it: the type in force when the row was logged, which may no longer be
/// what information_schema shows (a later ALTER TABLE … MODIFY). What the binlog cannot say is left at what the value
/// conversion does not depend on: integer display widths (so no <c>tinyint(1)</c>), character lengths (given in bytes,
/// not characters), MariaDB's JSON alias (logged as LONGTEXT). UUID/INET4/INET6 come from the column's
/// <see cref="BinlogColumnHint"/>, since MariaDB logs them as BINARY(n).
/// </summary>
public static class BinlogSourceType
{
    /// <summary>The collation id of binary strings (<c>binary</c>, 63): a BINARY/VARBINARY/BLOB column, not a text one.</summary>
    private const int BinaryCollation = 63;

    public static MySqlType Of(BinlogColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return MySqlType.Parse(ColumnType(column));
    }

    /// <summary>The type as an information_schema COLUMN_TYPE would spell it, e.g. <c>int unsigned</c> or <c>decimal(10,2)</c>.</summary>
    private static string ColumnType(BinlogColumn column)
    {
        var binary = column.CollationId == BinaryCollation;
        var unsigned = column.IsUnsigned == true ? " unsigned" : string.Empty;
        switch (column.Hint)
        {
            case BinlogColumnHint.Uuid:
                return "uuid";
            case BinlogColumnHint.Inet4:
                return "inet4";
            case BinlogColumnHint.Inet6:
                return "inet6";
        }

        return column.Type switch
        {
            MySqlColumnType.Tiny => "tinyint" + unsigned,
            MySqlColumnType.Short => "smallint" + unsigned,
            MySqlColumnType.Int24 => "mediumint" + unsigned,
            MySqlColumnType.Long => "int" + unsigned,
            MySqlColumnType.LongLong => "bigint" + unsigned,
            MySqlColumnType.Float => "float" + unsigned,
            MySqlColumnType.Double => "double" + unsigned,
            MySqlColumnType.NewDecimal => Invariant($"decimal({column.Precision},{column.Scale})") + unsigned,
            MySqlColumnType.Decimal => "decimal" + unsigned,
            MySqlColumnType.Year => "year",
            MySqlColumnType.Date or MySqlColumnType.NewDate => "date",
            MySqlColumnType.Time => "time",
            MySqlColumnType.Time2 => Temporal("time", column.FractionalDigits),
            MySqlColumnType.DateTime => "datetime",
            MySqlColumnType.DateTime2 => Temporal("datetime", column.FractionalDigits),
            MySqlColumnType.Timestamp => "timestamp",
            MySqlColumnType.Timestamp2 => Temporal("timestamp", column.FractionalDigits),
            MySqlColumnType.Bit => Invariant($"bit({((column.Metadata >> 8) * 8) + (column.Metadata & 0xFF)})"),
            MySqlColumnType.VarChar or MySqlColumnType.VarString => Invariant($"{(binary ? "varbinary" : "varchar")}({column.Length})"),
            MySqlColumnType.String => column.RealType switch
            {
                MySqlColumnType.Enum => "enum(" + Labels(column.EnumValues) + ")",
                MySqlColumnType.Set => "set(" + Labels(column.SetValues) + ")",
                _ => Invariant($"{(binary ? "binary" : "char")}({column.Length})"),
            },
            MySqlColumnType.Blob or MySqlColumnType.TinyBlob or MySqlColumnType.MediumBlob or MySqlColumnType.LongBlob =>
                // The metadata is the length prefix's size, which is what tells TINY/plain/MEDIUM/LONG apart.
                (column.Metadata switch { 1 => "tiny", 3 => "medium", 4 => "long", _ => string.Empty }) + (binary ? "blob" : "text"),
            MySqlColumnType.Geometry => "geometry",
            MySqlColumnType.Json => "json",
            _ => "unknown",
        };
    }

    private static string Temporal(string name, int fractionalDigits) =>
        fractionalDigits > 0 ? Invariant($"{name}({fractionalDigits})") : name;

    /// <summary>ENUM/SET labels quoted as COLUMN_TYPE quotes them (<c>'it''s'</c>, backslashes escaped), from the labels TABLE_MAP sent.</summary>
    private static string Labels(IReadOnlyList<byte[]>? labels)
    {
        if (labels is null)
        {
            return "''";
        }

        return string.Join(',', labels.Select(l =>
            "'" + Encoding.UTF8.GetString(l).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
