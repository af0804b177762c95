using System.Globalization;
using System.Text;
using Godwit.Core.Schema;

namespace Godwit.Core.Sync;

/// <summary>
/// Reads the data type of a column definition in a DDL statement into the <see cref="MySqlType"/> the server would
/// show for it in information_schema.COLUMNS.COLUMN_TYPE, with the synonyms resolved as the server resolves them
/// (BOOL is tinyint(1), INTEGER int, NUMERIC decimal(10,0), REAL double, CHAR char(1), FLOAT(30) double, SERIAL
/// bigint unsigned…). A type whose stored form depends on server settings or character sets (TEXT(n), BLOB(n),
/// YEAR(2)) or that is not known is not read: the caller then takes the column from the source schema.
/// </summary>
internal static class MySqlTypeReader
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["integer"] = "int",
        ["int1"] = "tinyint",
        ["int2"] = "smallint",
        ["int3"] = "mediumint",
        ["middleint"] = "mediumint",
        ["int4"] = "int",
        ["int8"] = "bigint",
        ["dec"] = "decimal",
        ["numeric"] = "decimal",
        ["fixed"] = "decimal",
        ["float4"] = "float",
        ["float8"] = "double",

        // REAL is DOUBLE unless sql_mode has REAL_AS_FLOAT, which nobody sets.
        ["real"] = "double",
        ["character"] = "char",
        ["nchar"] = "char",
        ["nvarchar"] = "varchar",
        ["varcharacter"] = "varchar",
        ["geomcollection"] = "geometrycollection",
    };

    /// <summary>The type at <paramref name="cursor"/>, and whether it was SERIAL (which also means NOT NULL AUTO_INCREMENT UNIQUE); null when not understood.</summary>
    public static MySqlType? Read(DdlTokenCursor cursor, out bool serial)
    {
        serial = false;
        if (cursor.Current.Kind != DdlTokenKind.Word)
        {
            return null;
        }

        var name = TypeName(cursor);
        if (name == "serial")
        {
            serial = true;
            return MySqlType.Parse("bigint unsigned");
        }

        var arguments = new List<string>();
        if (cursor.AcceptSymbol('('))
        {
            do
            {
                var argument = cursor.Current;
                if (argument.Kind is not (DdlTokenKind.Number or DdlTokenKind.String))
                {
                    return null;
                }

                arguments.Add(argument.Kind == DdlTokenKind.String ? Label(argument.Text) : argument.Text);
                cursor.Advance();
            }
            while (cursor.AcceptSymbol(','));
            if (!cursor.AcceptSymbol(')'))
            {
                return null;
            }
        }

        var unsigned = false;
        var zerofill = false;
        while (true)
        {
            if (cursor.Accept("UNSIGNED"))
            {
                unsigned = true;
            }
            else if (cursor.Accept("ZEROFILL"))
            {
                // ZEROFILL makes the column UNSIGNED too.
                zerofill = unsigned = true;
            }
            else if (!cursor.Accept("SIGNED"))
            {
                break;
            }
        }

        var columnType = ColumnType(name, arguments);
        if (columnType is null)
        {
            return null;
        }

        return MySqlType.Parse(columnType + (unsigned ? " unsigned" : string.Empty) + (zerofill ? " zerofill" : string.Empty));
    }

    /// <summary>The type name, one word or several (DOUBLE PRECISION, NATIONAL CHAR VARYING, LONG VARCHAR), in its canonical spelling.</summary>
    private static string TypeName(DdlTokenCursor cursor)
    {
        var word = cursor.Current.Text.ToLowerInvariant();
        cursor.Advance();
        if (word == "national")
        {
            word = cursor.Accept("VARCHAR") ? "varchar" : cursor.Accept("CHAR") || cursor.Accept("CHARACTER") ? "char" : "national";
        }

        if (word == "long")
        {
            if (cursor.Accept("VARBINARY"))
            {
                return "mediumblob";
            }

            cursor.Accept("VARCHAR");
            return "mediumtext";
        }

        if (word == "double")
        {
            cursor.Accept("PRECISION");
        }

        if (word is "char" or "character" or "nchar" && cursor.Accept("VARYING"))
        {
            return "varchar";
        }

        return Synonyms.TryGetValue(word, out var canonical) ? canonical : word;
    }

    /// <summary>COLUMN_TYPE as the server spells it for this name and these arguments, or null for a type not read here.</summary>
    private static string? ColumnType(string name, List<string> arguments)
    {
        int? Number(int i) => i < arguments.Count && int.TryParse(arguments[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var first = Number(0);
        var family = MySqlType.FamilyOf(name);
        switch (name)
        {
            case "bool" or "boolean":
                return "tinyint(1)";
            case "enum" or "set":
                return arguments.Count == 0 ? null : $"{name}({string.Join(',', arguments)})";
            case "decimal":
                return $"decimal({first ?? 10},{Number(1) ?? 0})";
            case "float" when arguments.Count == 1:
                // FLOAT(p): a FLOAT up to 24 bits of precision, a DOUBLE above.
                return first > 24 ? "double" : "float";
            case "char" or "binary":
                return $"{name}({first ?? 1})";
            case "varchar" or "varbinary":
                return first is null ? null : $"{name}({first})";
            case "bit":
                return $"bit({first ?? 1})";
            case "year":
                return first is null or 4 ? "year(4)" : null;
        }

        if (family is MySqlTypeFamily.Text or MySqlTypeFamily.Blob or MySqlTypeFamily.Unknown or MySqlTypeFamily.Enum or MySqlTypeFamily.Set)
        {
            // TEXT(n) and BLOB(n) become the smallest type that holds n characters or bytes: that depends on the character set.
            return arguments.Count == 0 && family != MySqlTypeFamily.Unknown ? name : null;
        }

        if (arguments.Any(a => !int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return null;
        }

        return arguments.Count == 0 ? name : $"{name}({string.Join(',', arguments)})";
    }

    /// <summary>An ENUM/SET label quoted as COLUMN_TYPE shows it (<see cref="MySqlType.Parse"/> reads it back).</summary>
    private static string Label(string text)
    {
        var quoted = new StringBuilder("'");
        foreach (var c in text)
        {
            quoted.Append(c switch { '\'' => "''", '\\' => @"\\", _ => c.ToString() });
        }

        return quoted.Append('\'').ToString();
    }
}
