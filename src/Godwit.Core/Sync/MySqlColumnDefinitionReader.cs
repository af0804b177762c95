using System.Globalization;
using System.Text;
using Godwit.Core.Schema;

namespace Godwit.Core.Sync;

/// <summary>
/// Reads a column definition of ADD, MODIFY or CHANGE COLUMN (the tokens after the column name) into the
/// <see cref="SourceColumn"/> introspection would give for it: the type as COLUMN_TYPE shows it, NULL-ness, the
/// default normalised like <c>MySqlDefaultParser</c> does, AUTO_INCREMENT, ON UPDATE, generation, comment, charset.
/// The change stream uses it when it reaches the statement after the source has changed the column again, so the
/// source schema now no longer says what it was. Anything not understood leaves the column null rather than guessed.
/// </summary>
internal static class MySqlColumnDefinitionReader
{
    private static readonly HashSet<string> CurrentTimestampWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CURRENT_TIMESTAMP", "NOW", "LOCALTIME", "LOCALTIMESTAMP",
    };

    /// <summary>Reads tokens [<paramref name="start"/>, <paramref name="end"/>) of the statement <paramref name="sql"/>.</summary>
    public static MySqlColumnDefinition Read(string name, IReadOnlyList<DdlToken> tokens, int start, int end, string sql)
    {
        var (primaryKey, otherKeys) = InlineKeys(tokens, start, end);
        var column = Column(name, new DdlTokenCursor(tokens, start, end, sql), ref otherKeys);
        return new MySqlColumnDefinition(primaryKey && column is not null ? AsKeyColumn(column) : column, primaryKey, otherKeys);
    }

    /// <summary>
    /// The column as a primary key column: NOT NULL whatever its definition says (MySQL and MariaDB make it so without
    /// a word), and so without the DEFAULT NULL a NULL-able column without DEFAULT has.
    /// </summary>
    public static SourceColumn AsKeyColumn(SourceColumn column) => column with
    {
        IsNullable = false,
        Default = column.Default.Kind == ColumnDefaultKind.Null ? ColumnDefault.None : column.Default,
    };

    /// <summary>
    /// The keys declared inline, found by their reserved words outside parentheses (so even in a definition not
    /// otherwise understood): <c>[PRIMARY] KEY</c> is the primary key, <c>UNIQUE [KEY]</c>, CHECK and REFERENCES others.
    /// </summary>
    private static (bool PrimaryKey, bool OtherKeys) InlineKeys(IReadOnlyList<DdlToken> tokens, int start, int end)
    {
        var primary = false;
        var other = false;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            var token = tokens[i];
            depth += token.IsSymbol('(') ? 1 : token.IsSymbol(')') ? -1 : 0;
            if (depth != 0)
            {
                continue;
            }

            if (token.IsWord("PRIMARY") || (token.IsWord("KEY") && !(i > start && tokens[i - 1].IsWord("UNIQUE")) && !(i > start && tokens[i - 1].IsWord("PRIMARY"))))
            {
                primary = true;
            }
            else if (token.IsWord("UNIQUE") || token.IsWord("CHECK") || token.IsWord("REFERENCES"))
            {
                other = true;
            }
        }

        return (primary, other);
    }

    private static SourceColumn? Column(string name, DdlTokenCursor cursor, ref bool otherKeys)
    {
        var type = MySqlTypeReader.Read(cursor, out var serial);
        if (type is null)
        {
            return null;
        }

        otherKeys |= serial;
        var column = new SourceColumn { Name = name, Type = type, IsNullable = !serial, IsAutoIncrement = serial };
        bool? explicitNull = serial ? false : null;
        while (!cursor.AtEnd)
        {
            if (cursor.Accept("NOT"))
            {
                if (!cursor.Accept("NULL"))
                {
                    return null;
                }

                explicitNull = false;
            }
            else if (cursor.Accept("NULL"))
            {
                explicitNull = true;
            }
            else if (cursor.Accept("DEFAULT"))
            {
                if (Default(cursor) is not { } value)
                {
                    return null;
                }

                column = column with { Default = value };
            }
            else if (cursor.Accept("AUTO_INCREMENT"))
            {
                // AUTO_INCREMENT makes the column NOT NULL, and only a NULL written after it undoes that: both servers read
                // the attributes in order (MariaDB 10.11: `id INT NULL AUTO_INCREMENT` is NOT NULL, `AUTO_INCREMENT NULL` is not).
                column = column with { IsAutoIncrement = true };
                explicitNull = false;
            }
            else if (cursor.Accept("ON"))
            {
                if (!cursor.Accept("UPDATE") || CurrentTimestamp(cursor) is null)
                {
                    return null;
                }

                column = column with { OnUpdateCurrentTimestamp = true };
            }
            else if (cursor.Accept("COMMENT"))
            {
                if (cursor.Current.Kind != DdlTokenKind.String)
                {
                    return null;
                }

                column = column with { Comment = cursor.Current.Text.Length == 0 ? null : cursor.Current.Text };
                cursor.Advance();
            }
            else if (cursor.Accept("COLLATE"))
            {
                column = column with { Collation = cursor.Current.Text };
                cursor.Advance();
            }
            else if (cursor.Accept("CHARSET") || (cursor.Current.IsWord("CHARACTER") && cursor.Peek(1).IsWord("SET") && cursor.Accept("CHARACTER") && cursor.Accept("SET")))
            {
                column = column with { Charset = cursor.Current.Text };
                cursor.Advance();
            }
            else if (cursor.Accept("GENERATED"))
            {
                if (!cursor.Accept("ALWAYS") || !cursor.Current.IsWord("AS"))
                {
                    return null;
                }
            }
            else if (cursor.Accept("AS"))
            {
                if (Parenthesised(cursor) is not { } expression)
                {
                    return null;
                }

                column = column with { GenerationExpression = expression };
            }
            else if (cursor.Accept("STORED") || cursor.Accept("PERSISTENT"))
            {
                column = column with { IsStoredGenerated = true };
            }
            else if (cursor.Accept("CONSTRAINT"))
            {
                // CONSTRAINT [name] CHECK (…): a constraint, read by its CHECK.
                if (!cursor.Current.IsWord("CHECK"))
                {
                    cursor.Advance();
                }
            }
            else if (cursor.Accept("CHECK"))
            {
                if (Parenthesised(cursor) is null)
                {
                    return null;
                }
            }
            else if (cursor.Accept("REFERENCES"))
            {
                // MariaDB turns a column's REFERENCES into a foreign key; the source schema has it, as for any key.
                while (!cursor.AtEnd && !IsAttributeStart(cursor.Current))
                {
                    cursor.Advance();
                }
            }
            else if (cursor.Accept("AFTER") || cursor.Accept("COLUMN_FORMAT") || cursor.Accept("STORAGE") || cursor.Accept("SRID"))
            {
                cursor.Advance();
            }
            else if (cursor.Accept("ENGINE_ATTRIBUTE") || cursor.Accept("SECONDARY_ENGINE_ATTRIBUTE") || cursor.Accept("COMPRESSED"))
            {
                if (cursor.AcceptSymbol('='))
                {
                    cursor.Advance();
                }
            }
            else if (cursor.Accept("WITH") || cursor.Accept("WITHOUT"))
            {
                if (!cursor.Accept("SYSTEM") || !cursor.Accept("VERSIONING"))
                {
                    return null;
                }
            }
            else if (!(cursor.Accept("PRIMARY") || cursor.Accept("KEY") || cursor.Accept("UNIQUE") || cursor.Accept("FIRST") || cursor.Accept("VIRTUAL")
                || cursor.Accept("VISIBLE") || cursor.Accept("INVISIBLE") || cursor.Accept("BINARY") || cursor.Accept("ASCII") || cursor.Accept("UNICODE")))
            {
                return null;
            }
        }

        if (type.Family == MySqlTypeFamily.Timestamp && !TimestampIsDetermined(explicitNull, column))
        {
            return null;
        }

        if (explicitNull is { } nullable)
        {
            column = column with { IsNullable = nullable };
        }

        if (column.Default.Kind == ColumnDefaultKind.None && column.IsNullable && column.GenerationExpression is null)
        {
            // A NULL-able column without DEFAULT has DEFAULT NULL.
            column = column with { Default = ColumnDefault.Null };
        }

        return BinaryCharset(column);
    }

    /// <summary>
    /// Whether a TIMESTAMP's definition means the same with and without explicit_defaults_for_timestamp (off in MySQL 5.7
    /// and MariaDB before 10.10): off, a TIMESTAMP not declared NULL is NOT NULL, and one without DEFAULT or ON UPDATE
    /// gets DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP or a zero default. DEFAULT NULL alone is only valid on.
    /// </summary>
    private static bool TimestampIsDetermined(bool? explicitNull, SourceColumn column) => explicitNull switch
    {
        true => true,
        false => column.Default.Kind != ColumnDefaultKind.None || column.OnUpdateCurrentTimestamp,
        null => column.Default.Kind == ColumnDefaultKind.Null,
    };

    /// <summary>CHARACTER SET binary turns the character types into their binary counterparts, as the server stores them.</summary>
    private static SourceColumn BinaryCharset(SourceColumn column)
    {
        if (!string.Equals(column.Charset, "binary", StringComparison.OrdinalIgnoreCase))
        {
            return column;
        }

        var type = column.Type;
        var name = type.Name switch
        {
            "char" => "binary",
            "varchar" => "varbinary",
            "tinytext" => "tinyblob",
            "text" => "blob",
            "mediumtext" => "mediumblob",
            "longtext" => "longblob",
            _ => type.Name,
        };
        var columnType = type.Length is { } length ? $"{name}({length.ToString(CultureInfo.InvariantCulture)})" : name;
        return column with { Type = name == type.Name ? type : MySqlType.Parse(columnType), Charset = null, Collation = null };
    }

    private static bool IsAttributeStart(DdlToken token) =>
        token.IsWord("NOT") || token.IsWord("NULL") || token.IsWord("DEFAULT") || token.IsWord("COMMENT") || token.IsWord("FIRST") || token.IsWord("AFTER")
        || token.IsWord("CHECK") || token.IsWord("CONSTRAINT") || token.IsWord("INVISIBLE") || token.IsWord("VISIBLE");

    /// <summary>A DEFAULT value normalised as introspection gives it; null when not understood.</summary>
    private static ColumnDefault? Default(DdlTokenCursor cursor)
    {
        var token = cursor.Current;
        if (cursor.Accept("NULL"))
        {
            return ColumnDefault.Null;
        }

        if (cursor.Accept("TRUE") || cursor.Accept("FALSE"))
        {
            return ColumnDefault.Literal(token.IsWord("TRUE") ? "1" : "0");
        }

        if (CurrentTimestamp(cursor) is { } fsp)
        {
            return ColumnDefault.CurrentTimestamp(fsp);
        }

        if (Literal(cursor) is { } literal)
        {
            return ColumnDefault.Literal(literal);
        }

        if (token.IsSymbol('('))
        {
            // DEFAULT (expression): a lone literal in parentheses is still shown as that literal.
            var close = cursor.MatchingParenthesisEnd();
            if (close < 0)
            {
                return null;
            }

            cursor.Advance();
            var inner = cursor.At;
            if (Literal(cursor) is { } parenthesised && cursor.At == close - 1)
            {
                cursor.MoveTo(close);
                return ColumnDefault.Literal(parenthesised);
            }

            cursor.MoveTo(inner);
            var text = cursor.TextUntil(close - 1).Trim();
            cursor.MoveTo(close);
            return text.Length == 0 ? null : ColumnDefault.Expression(text);
        }

        if (token.Kind == DdlTokenKind.Word && cursor.Peek(1).IsSymbol('(') && cursor.Peek(1).Start == token.End)
        {
            // A function call without parentheses around it (MariaDB): DEFAULT uuid().
            var start = cursor.At;
            cursor.Advance();
            var close = cursor.MatchingParenthesisEnd();
            if (close < 0)
            {
                return null;
            }

            cursor.MoveTo(start);
            var text = cursor.TextUntil(close);
            cursor.MoveTo(close);
            return ColumnDefault.Expression(text);
        }

        return null;
    }

    /// <summary>CURRENT_TIMESTAMP, NOW(), LOCALTIME… with their fractional digits; null (and nothing read) when not one.</summary>
    private static int? CurrentTimestamp(DdlTokenCursor cursor)
    {
        var token = cursor.Current;
        if (token.Kind != DdlTokenKind.Word || !CurrentTimestampWords.Contains(token.Text))
        {
            return null;
        }

        cursor.Advance();
        var fsp = 0;
        if (cursor.AcceptSymbol('('))
        {
            if (cursor.Current.Kind == DdlTokenKind.Number)
            {
                fsp = int.Parse(cursor.Current.Text, NumberStyles.None, CultureInfo.InvariantCulture);
                cursor.Advance();
            }

            if (!cursor.AcceptSymbol(')'))
            {
                return null;
            }
        }

        return fsp;
    }

    /// <summary>
    /// A literal as introspection shows it unquoted: a (signed) number, a string (adjacent strings joined, an
    /// introducer such as _utf8mb4 or N dropped), or a bit literal b'…' kept as written. Null (nothing read) otherwise.
    /// </summary>
    private static string? Literal(DdlTokenCursor cursor)
    {
        var token = cursor.Current;
        var next = cursor.Peek(1);
        if ((token.IsSymbol('-') || token.IsSymbol('+')) && next.Kind == DdlTokenKind.Number)
        {
            cursor.Advance();
            cursor.Advance();
            return token.IsSymbol('-') ? "-" + next.Text : next.Text;
        }

        if (token.Kind == DdlTokenKind.Number)
        {
            cursor.Advance();
            return token.Text;
        }

        if (token.Kind == DdlTokenKind.Word && next.Kind == DdlTokenKind.String && next.Start == token.End)
        {
            if (token.Text is "b" or "B")
            {
                cursor.Advance();
                cursor.Advance();
                return $"b'{next.Text}'";
            }

            if (!token.Text.StartsWith('_') && !token.IsWord("N"))
            {
                // X'41' and other prefixed strings.
                return null;
            }

            cursor.Advance();
            token = cursor.Current;
        }

        if (token.Kind != DdlTokenKind.String)
        {
            return null;
        }

        var text = new StringBuilder();
        while (cursor.Current.Kind == DdlTokenKind.String)
        {
            text.Append(cursor.Current.Text);
            cursor.Advance();
        }

        return text.ToString();
    }

    /// <summary>The text inside the parentheses at the cursor, which it moves past; null when there are none.</summary>
    private static string? Parenthesised(DdlTokenCursor cursor)
    {
        if (!cursor.Current.IsSymbol('('))
        {
            return null;
        }

        var close = cursor.MatchingParenthesisEnd();
        if (close < 0)
        {
            return null;
        }

        cursor.Advance();
        var text = cursor.TextUntil(close - 1).Trim();
        cursor.MoveTo(close);
        return text;
    }
}
