namespace Godwit.MySql;

internal static class ColumnKindClassifier
{
    public static MySqlColumnKind Classify(ColumnDefinition column)
    {
        switch (column.ExtendedTypeName)
        {
            case "uuid":
                return MySqlColumnKind.Uuid;
            case "inet4":
                return MySqlColumnKind.Inet4;
            case "inet6":
                return MySqlColumnKind.Inet6;
        }

        // MariaDB sends JSON as LONGTEXT with the extended format "json"; MySQL has a JSON type.
        if (string.Equals(column.ExtendedFormat, "json", StringComparison.Ordinal))
        {
            return MySqlColumnKind.Json;
        }

        if ((column.Flags & ColumnFlags.Enum) != 0)
        {
            return MySqlColumnKind.Enum;
        }

        if ((column.Flags & ColumnFlags.Set) != 0)
        {
            return MySqlColumnKind.Set;
        }

        return column.Type switch
        {
            MySqlColumnType.Null => MySqlColumnKind.Null,
            MySqlColumnType.Tiny => MySqlColumnKind.TinyInt,
            MySqlColumnType.Short => MySqlColumnKind.SmallInt,
            MySqlColumnType.Int24 => MySqlColumnKind.MediumInt,
            MySqlColumnType.Long => MySqlColumnKind.Int,
            MySqlColumnType.LongLong => MySqlColumnKind.BigInt,
            MySqlColumnType.Decimal or MySqlColumnType.NewDecimal => MySqlColumnKind.Decimal,
            MySqlColumnType.Float => MySqlColumnKind.Float,
            MySqlColumnType.Double => MySqlColumnKind.Double,
            MySqlColumnType.Bit => MySqlColumnKind.Bit,
            MySqlColumnType.Year => MySqlColumnKind.Year,
            MySqlColumnType.Date or MySqlColumnType.NewDate => MySqlColumnKind.Date,
            MySqlColumnType.DateTime or MySqlColumnType.DateTime2 => MySqlColumnKind.DateTime,
            MySqlColumnType.Timestamp or MySqlColumnType.Timestamp2 => MySqlColumnKind.Timestamp,
            MySqlColumnType.Time or MySqlColumnType.Time2 => MySqlColumnKind.Time,
            MySqlColumnType.Json => MySqlColumnKind.Json,
            MySqlColumnType.Enum => MySqlColumnKind.Enum,
            MySqlColumnType.Set => MySqlColumnKind.Set,
            MySqlColumnType.Geometry => MySqlColumnKind.Geometry,
            _ => column.IsBinary ? MySqlColumnKind.Binary : MySqlColumnKind.String,
        };
    }
}
