using System.Text;
using Godwit.MySql.Protocol;

namespace Godwit.MySql.Binlog.Parsers;

/// <summary>
/// Applies TABLE_MAP's optional metadata (MySQL WL#4618, MariaDB MDEV-20477): type&lt;1&gt;,
/// length&lt;packed&gt;, value. Charset and signedness fields list only the columns they concern
/// (character, ENUM/SET, numeric columns) in column order, so each is matched to those columns.
/// Unknown field types are skipped by their length, so newer servers do not break us.
/// </summary>
internal static class TableMapOptionalMetadataParser
{
    public static void Apply(ReadOnlySpan<byte> block, BinlogColumn[] columns, List<int> primaryKey, ServerFlavor flavor)
    {
        var reader = new MySqlPayloadReader(block);
        while (!reader.IsAtEnd)
        {
            var type = (TableMapOptionalMetadataType)reader.ReadByte();
            var length = checked((int)reader.ReadLengthEncodedInteger());
            var value = reader.ReadBytes(length);
            switch (type)
            {
                case TableMapOptionalMetadataType.Signedness:
                    ApplySignedness(value, columns, flavor);
                    break;
                case TableMapOptionalMetadataType.DefaultCharset:
                    ApplyDefaultCharset(value, columns, static c => c.IsCharacterColumn);
                    break;
                case TableMapOptionalMetadataType.ColumnCharset:
                    ApplyColumnCharset(value, columns, static c => c.IsCharacterColumn);
                    break;
                case TableMapOptionalMetadataType.EnumAndSetDefaultCharset:
                    ApplyDefaultCharset(value, columns, static c => c.IsEnumOrSet);
                    break;
                case TableMapOptionalMetadataType.EnumAndSetColumnCharset:
                    ApplyColumnCharset(value, columns, static c => c.IsEnumOrSet);
                    break;
                case TableMapOptionalMetadataType.ColumnName:
                    ApplyNames(value, columns);
                    break;
                case TableMapOptionalMetadataType.SetStrValue:
                    ApplyLabels(value, columns, MySqlColumnType.Set);
                    break;
                case TableMapOptionalMetadataType.EnumStrValue:
                    ApplyLabels(value, columns, MySqlColumnType.Enum);
                    break;
                case TableMapOptionalMetadataType.GeometryType:
                    ApplyGeometryTypes(value, columns);
                    break;
                case TableMapOptionalMetadataType.SimplePrimaryKey:
                    ApplySimplePrimaryKey(value, primaryKey);
                    break;
                case TableMapOptionalMetadataType.PrimaryKeyWithPrefix:
                    ApplyPrefixedPrimaryKey(value, primaryKey);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>One bit per numeric column, most significant bit first; 1 means UNSIGNED.</summary>
    private static void ApplySignedness(ReadOnlySpan<byte> value, BinlogColumn[] columns, ServerFlavor flavor)
    {
        var index = 0;
        foreach (var column in columns)
        {
            if (!column.HasSignedness(flavor))
            {
                continue;
            }

            var byteIndex = index >> 3;
            column.IsUnsigned = byteIndex < value.Length && (value[byteIndex] & (0x80 >> (index & 7))) != 0;
            index++;
        }
    }

    /// <summary>The default collation, then (index among the concerned columns, collation) pairs for the exceptions.</summary>
    private static void ApplyDefaultCharset(ReadOnlySpan<byte> value, BinlogColumn[] columns, Func<BinlogColumn, bool> concerns)
    {
        var reader = new MySqlPayloadReader(value);
        var defaultCollation = checked((int)reader.ReadLengthEncodedInteger());
        var concerned = columns.Where(concerns).ToArray();
        foreach (var column in concerned)
        {
            column.CollationId = defaultCollation;
        }

        while (!reader.IsAtEnd)
        {
            var index = checked((int)reader.ReadLengthEncodedInteger());
            var collation = checked((int)reader.ReadLengthEncodedInteger());
            if (index < concerned.Length)
            {
                concerned[index].CollationId = collation;
            }
        }
    }

    private static void ApplyColumnCharset(ReadOnlySpan<byte> value, BinlogColumn[] columns, Func<BinlogColumn, bool> concerns)
    {
        var reader = new MySqlPayloadReader(value);
        foreach (var column in columns)
        {
            if (concerns(column) && !reader.IsAtEnd)
            {
                column.CollationId = checked((int)reader.ReadLengthEncodedInteger());
            }
        }
    }

    private static void ApplyNames(ReadOnlySpan<byte> value, BinlogColumn[] columns)
    {
        var reader = new MySqlPayloadReader(value);
        foreach (var column in columns)
        {
            if (reader.IsAtEnd)
            {
                break;
            }

            column.Name = Encoding.UTF8.GetString(reader.ReadLengthEncodedBytes());
        }
    }

    /// <summary>Per ENUM (or SET) column: the label count, then each label as a length-prefixed string.</summary>
    private static void ApplyLabels(ReadOnlySpan<byte> value, BinlogColumn[] columns, MySqlColumnType realType)
    {
        var reader = new MySqlPayloadReader(value);
        foreach (var column in columns)
        {
            if (column.RealType != realType || reader.IsAtEnd)
            {
                continue;
            }

            var count = checked((int)reader.ReadLengthEncodedInteger());
            var labels = new byte[count][];
            for (var i = 0; i < count; i++)
            {
                labels[i] = reader.ReadLengthEncodedBytes().ToArray();
            }

            if (realType == MySqlColumnType.Enum)
            {
                column.EnumValues = labels;
            }
            else
            {
                column.SetValues = labels;
            }
        }
    }

    private static void ApplyGeometryTypes(ReadOnlySpan<byte> value, BinlogColumn[] columns)
    {
        var reader = new MySqlPayloadReader(value);
        foreach (var column in columns)
        {
            if (column.Type == MySqlColumnType.Geometry && !reader.IsAtEnd)
            {
                column.GeometryType = checked((int)reader.ReadLengthEncodedInteger());
            }
        }
    }

    private static void ApplySimplePrimaryKey(ReadOnlySpan<byte> value, List<int> primaryKey)
    {
        var reader = new MySqlPayloadReader(value);
        while (!reader.IsAtEnd)
        {
            primaryKey.Add(checked((int)reader.ReadLengthEncodedInteger()));
        }
    }

    private static void ApplyPrefixedPrimaryKey(ReadOnlySpan<byte> value, List<int> primaryKey)
    {
        var reader = new MySqlPayloadReader(value);
        while (!reader.IsAtEnd)
        {
            primaryKey.Add(checked((int)reader.ReadLengthEncodedInteger()));
            reader.ReadLengthEncodedInteger();
        }
    }
}
