namespace Godwit.Core.Ddl.Translation;

/// <summary>The PostgreSQL type of a MySQL variable, parameter or return type as SQL/PSM declares it.</summary>
public static class PsmTypes
{
    public static string ToPg(string mysqlType)
    {
        ArgumentNullException.ThrowIfNull(mysqlType);
        var t = mysqlType.Trim().ToLowerInvariant();
        var unsigned = t.Contains("unsigned", StringComparison.Ordinal);
        t = t.Replace("unsigned", string.Empty, StringComparison.Ordinal).Replace("signed", string.Empty, StringComparison.Ordinal).Replace("zerofill", string.Empty, StringComparison.Ordinal).Trim();
        var charset = t.IndexOf(" charset", StringComparison.Ordinal);
        if (charset < 0)
        {
            charset = t.IndexOf(" character set", StringComparison.Ordinal);
        }

        if (charset >= 0)
        {
            t = t[..charset].Trim();
        }

        var paren = t.IndexOf('(', StringComparison.Ordinal);
        var name = (paren < 0 ? t : t[..paren]).Trim();
        var args = paren < 0 ? null : t[(paren + 1)..t.IndexOf(')', StringComparison.Ordinal)].Replace(" ", string.Empty, StringComparison.Ordinal);
        return name switch
        {
            "tinyint" when args == "1" && !unsigned => "boolean",
            "tinyint" or "smallint" => unsigned ? "integer" : "smallint",
            "mediumint" or "int" or "integer" => unsigned ? "bigint" : "integer",
            "bigint" => unsigned ? "numeric(20)" : "bigint",
            "decimal" or "numeric" or "dec" or "fixed" => args is null ? "numeric(10)" : $"numeric({args})",
            "float" => "real",
            "double" or "real" => "double precision",
            "bool" or "boolean" => "boolean",
            "char" or "varchar" => args is null ? "text" : $"varchar({args})",
            "tinytext" or "text" or "mediumtext" or "longtext" => "text",
            "date" => "date",
            "datetime" or "timestamp" => args is null ? "timestamp(0)" : $"timestamp({args})",
            "time" => args is null ? "time(0)" : $"time({args})",
            "year" => "smallint",
            "json" => "jsonb",
            "blob" or "tinyblob" or "mediumblob" or "longblob" or "binary" or "varbinary" => "bytea",
            _ => throw new UntranslatableException($"variable type {mysqlType}"),
        };
    }
}
