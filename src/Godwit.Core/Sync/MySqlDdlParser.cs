namespace Godwit.Core.Sync;

/// <summary>
/// Reads the DDL statements the binlog carries (QUERY events) into <see cref="SourceDdl"/> actions, over
/// <see cref="DdlTokenizer"/>'s tokens: CREATE/DROP/RENAME/TRUNCATE TABLE, CREATE/DROP INDEX and ALTER TABLE
/// with its comma-separated actions. Column definitions of ADD, MODIFY and CHANGE COLUMN are read too
/// (<see cref="MySqlColumnDefinitionReader"/>): the change stream may reach the statement after the source has changed
/// the column again, and then only the statement says what it was. Primary key changes are actions of their own,
/// with the key's columns, for the same reason.
/// </summary>
public sealed class MySqlDdlParser
{
    private static readonly HashSet<string> IndexWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "INDEX", "KEY", "UNIQUE", "FULLTEXT", "SPATIAL", "PRIMARY", "CONSTRAINT", "FOREIGN", "CHECK",
    };

    /// <summary>ALTER TABLE options that change nothing the target stores.</summary>
    private static readonly HashSet<string> IgnoredAlterWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ENGINE", "AUTO_INCREMENT", "COMMENT", "CHARSET", "CHARACTER", "DEFAULT", "COLLATE", "CONVERT", "ROW_FORMAT",
        "ALGORITHM", "LOCK", "FORCE", "KEY_BLOCK_SIZE", "STATS_PERSISTENT", "STATS_AUTO_RECALC", "STATS_SAMPLE_PAGES",
        "PACK_KEYS", "CHECKSUM", "DELAY_KEY_WRITE", "MAX_ROWS", "MIN_ROWS", "AVG_ROW_LENGTH", "ORDER", "ENABLE", "DISABLE",
        "PAGE_CHECKSUM", "TRANSACTIONAL", "ENCRYPTED", "ENCRYPTION_KEY_ID", "PAGE_COMPRESSED", "PAGE_COMPRESSION_LEVEL",
        "IETF_QUOTES", "WITH", "WITHOUT", "SEQUENCE", "INSERT_METHOD", "UNION", "DATA", "INDEX_DIRECTORY", "CONNECTION",
    };

    private readonly IReadOnlyList<DdlToken> _tokens;
    private readonly string _sql;
    private readonly List<SourceTableName> _tables = [];
    private int _at;

    private MySqlDdlParser(IReadOnlyList<DdlToken> tokens, string sql)
    {
        _tokens = tokens;
        _sql = sql;
    }

    private DdlToken Current => _tokens[_at];

    /// <summary>The token <paramref name="ahead"/> after the current one (the last token, the end, past it).</summary>
    private DdlToken Peek(int ahead) => _tokens[Math.Min(_at + ahead, _tokens.Count - 1)];

    public static SourceDdl Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var parser = new MySqlDdlParser(DdlTokenizer.Tokenize(sql), sql);
        try
        {
            return parser.Statement();
        }
        catch (FormatException ex)
        {
            return SourceDdl.NotUnderstood(ex.Message, parser._tables);
        }
    }

    private SourceDdl Statement()
    {
        if (Accept("CREATE"))
        {
            return Create();
        }

        if (Accept("DROP"))
        {
            return Drop();
        }

        if (Accept("ALTER"))
        {
            Accept("ONLINE");
            Accept("IGNORE");
            if (Accept("TABLE"))
            {
                return AlterTable();
            }

            return SkipViewAndRoutineClauses() is { } kind ? Done([new SourceDdlAction(kind, TableName())]) : SourceDdl.None;
        }

        if (Accept("RENAME"))
        {
            return Accept("TABLE") || Accept("TABLES") ? RenameTables() : SourceDdl.None;
        }

        if (Accept("TRUNCATE"))
        {
            Accept("TABLE");
            var table = TableName();
            return Done([new SourceDdlAction(SourceDdlKind.TruncateTable, table)]);
        }

        return SourceDdl.None;
    }

    /// <summary>
    /// Past ALGORITHM=…, DEFINER=…, SQL SECURITY … and AGGREGATE, at VIEW, TRIGGER, FUNCTION or PROCEDURE: which one
    /// (consumed), or null when the statement is about something else (nothing consumed).
    /// </summary>
    private SourceDdlKind? SkipViewAndRoutineClauses()
    {
        var at = _at;
        var inClauses = false;
        while (Current.Kind != DdlTokenKind.End)
        {
            if (Current.IsWord("VIEW") || Current.IsWord("TRIGGER") || Current.IsWord("FUNCTION") || Current.IsWord("PROCEDURE"))
            {
                var kind = Current.IsWord("VIEW") ? SourceDdlKind.View : Current.IsWord("TRIGGER") ? SourceDdlKind.Trigger : SourceDdlKind.Routine;
                _at++;
                return kind;
            }

            // ALGORITHM = …, DEFINER = `u`@`h` | CURRENT_USER[()], SQL SECURITY …, AGGREGATE: skipped with their values.
            if (Current.IsWord("ALGORITHM") || Current.IsWord("DEFINER") || Current.IsWord("SQL") || Current.IsWord("AGGREGATE"))
            {
                inClauses = true;
            }
            else if (!inClauses)
            {
                break;
            }

            _at++;
        }

        _at = at;
        return null;
    }

    private SourceDdl Create()
    {
        if (Accept("OR"))
        {
            Expect("REPLACE");
        }

        if (SkipViewAndRoutineClauses() is { } kind)
        {
            SkipIfNotExists();
            return Done([new SourceDdlAction(kind, TableName())]);
        }

        if (Accept("TEMPORARY"))
        {
            return SourceDdl.None;
        }

        if (Accept("TABLE"))
        {
            SkipIfNotExists();
            var created = TableName();

            // CREATE TABLE t LIKE u, or CREATE TABLE t (LIKE u): the online schema change tools' shadow table.
            var like = Accept("LIKE") || (Current.IsSymbol('(') && Peek(1).IsWord("LIKE") && AcceptSymbol('(') && Accept("LIKE")) ? TableName() : null;
            return Done([new SourceDdlAction(SourceDdlKind.CreateTable, created) { LikeTable = like }]);
        }

        Accept("ONLINE");
        Accept("OFFLINE");
        Accept("UNIQUE");
        Accept("FULLTEXT");
        Accept("SPATIAL");
        if (!Accept("INDEX"))
        {
            return SourceDdl.None;
        }

        SkipIfNotExists();
        Name();
        while (!Current.IsWord("ON"))
        {
            Next("ON");
        }

        Expect("ON");
        return Done([new SourceDdlAction(SourceDdlKind.Indexes, TableName())]);
    }

    private SourceDdl Drop()
    {
        if (Accept("TEMPORARY"))
        {
            return SourceDdl.None;
        }

        if (Accept("VIEW") || Accept("TRIGGER") || Accept("FUNCTION") || Accept("PROCEDURE"))
        {
            var kind = _tokens[_at - 1].IsWord("VIEW") ? SourceDdlKind.View : _tokens[_at - 1].IsWord("TRIGGER") ? SourceDdlKind.Trigger : SourceDdlKind.Routine;
            SkipIfExists();
            var dropped = new List<SourceDdlAction>();
            do
            {
                dropped.Add(new SourceDdlAction(kind, TableName()));
            }
            while (AcceptSymbol(','));
            return Done(dropped);
        }

        if (Accept("TABLE") || Accept("TABLES"))
        {
            SkipIfExists();
            var actions = new List<SourceDdlAction>();
            do
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.DropTable, TableName()));
            }
            while (AcceptSymbol(','));
            return Done(actions);
        }

        Accept("ONLINE");
        Accept("OFFLINE");
        if (!Accept("INDEX"))
        {
            return SourceDdl.None;
        }

        SkipIfExists();
        var index = Name();
        Expect("ON");
        var table = TableName();
        return Done([new SourceDdlAction(IsPrimary(index) ? SourceDdlKind.DropPrimaryKey : SourceDdlKind.Indexes, table)]);
    }

    private SourceDdl RenameTables()
    {
        var actions = new List<SourceDdlAction>();
        do
        {
            var from = TableName();
            Expect("TO");
            actions.Add(new SourceDdlAction(SourceDdlKind.RenameTable, from) { NewTable = TableName() });
        }
        while (AcceptSymbol(','));
        return Done(actions);
    }

    private SourceDdl AlterTable()
    {
        SkipIfExists();
        var table = TableName();
        var actions = new List<SourceDdlAction>();
        if (Current.Kind == DdlTokenKind.End)
        {
            return Done(actions);
        }

        do
        {
            AlterAction(table, actions);
        }
        while (AcceptSymbol(','));
        return Done(actions);
    }

    private void AlterAction(SourceTableName table, List<SourceDdlAction> actions)
    {
        var word = Current;
        if (Accept("ADD"))
        {
            if (AtPrimaryKey())
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.AddPrimaryKey, table) { KeyColumns = PrimaryKeyColumns() });
                SkipToActionEnd();
                return;
            }

            if (IsIndexWord())
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.Indexes, table));
                SkipToActionEnd();
                return;
            }

            if (Current.IsWord("PARTITION"))
            {
                throw Unsupported("ADD PARTITION");
            }

            Accept("COLUMN");
            SkipIfNotExists();
            if (AcceptSymbol('('))
            {
                do
                {
                    ColumnDefinition(SourceDdlKind.AddColumn, table, Name(), null, actions);
                }
                while (AcceptSymbol(','));
                ExpectSymbol(')');
                return;
            }

            ColumnDefinition(SourceDdlKind.AddColumn, table, Name(), null, actions);
            return;
        }

        if (Accept("DROP"))
        {
            if (Accept("PRIMARY"))
            {
                Expect("KEY");
                actions.Add(new SourceDdlAction(SourceDdlKind.DropPrimaryKey, table));
                return;
            }

            if ((Current.IsWord("INDEX") || Current.IsWord("KEY") || Current.IsWord("CONSTRAINT")) && IsPrimary(_tokens[_at + 1].Text) && _tokens[_at + 1].IsName)
            {
                // DROP INDEX `PRIMARY` is DROP PRIMARY KEY.
                _at += 2;
                actions.Add(new SourceDdlAction(SourceDdlKind.DropPrimaryKey, table));
                return;
            }

            if (IsIndexWord())
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.Indexes, table));
                SkipToActionEnd();
                return;
            }

            if (Current.IsWord("PARTITION"))
            {
                throw Unsupported("DROP PARTITION (it deletes rows without logging them)");
            }

            Accept("COLUMN");
            SkipIfExists();
            actions.Add(new SourceDdlAction(SourceDdlKind.DropColumn, table) { Column = Name() });
            SkipToActionEnd();
            return;
        }

        if (Accept("MODIFY"))
        {
            Accept("COLUMN");
            SkipIfExists();
            var modified = Name();
            ColumnDefinition(SourceDdlKind.ModifyColumn, table, modified, null, actions);
            return;
        }

        if (Accept("CHANGE"))
        {
            Accept("COLUMN");
            SkipIfExists();
            var old = Name();
            var renamed = Name();
            ColumnDefinition(SourceDdlKind.RenameColumn, table, old, renamed, actions);
            return;
        }

        if (Accept("ALTER"))
        {
            if (IsIndexWord())
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.Indexes, table));
                SkipToActionEnd();
                return;
            }

            Accept("COLUMN");
            actions.Add(new SourceDdlAction(SourceDdlKind.ModifyColumn, table) { Column = Name() });
            SkipToActionEnd();
            return;
        }

        if (Accept("RENAME"))
        {
            if (Accept("COLUMN"))
            {
                var old = Name();
                Expect("TO");
                actions.Add(new SourceDdlAction(SourceDdlKind.RenameColumn, table) { Column = old, NewName = Name() });
                return;
            }

            if (Accept("INDEX") || Accept("KEY"))
            {
                actions.Add(new SourceDdlAction(SourceDdlKind.Indexes, table));
                SkipToActionEnd();
                return;
            }

            if (!Accept("TO"))
            {
                Accept("AS");
            }

            actions.Add(new SourceDdlAction(SourceDdlKind.RenameTable, table) { NewTable = TableName() });
            return;
        }

        if (word.Kind == DdlTokenKind.Word && IgnoredAlterWords.Contains(word.Text))
        {
            SkipToActionEnd();
            return;
        }

        throw Unsupported($"ALTER TABLE … {word.Text}");
    }

    private SourceDdl Done(IReadOnlyList<SourceDdlAction> actions)
    {
        AcceptSymbol(';');
        return new SourceDdl(actions, null) { Tables = _tables };
    }

    private bool IsIndexWord() => Current.Kind == DdlTokenKind.Word && IndexWords.Contains(Current.Text);

    private static bool IsPrimary(string indexName) => string.Equals(indexName, "PRIMARY", StringComparison.OrdinalIgnoreCase);

    /// <summary>At <c>[CONSTRAINT [symbol]] PRIMARY KEY</c> (MySQL ignores the symbol: the key is always named PRIMARY).</summary>
    private bool AtPrimaryKey()
    {
        var at = _at;
        if (_tokens[at].IsWord("CONSTRAINT"))
        {
            at++;
            if (!_tokens[at].IsWord("PRIMARY") && _tokens[at].IsName)
            {
                at++;
            }
        }

        if (!_tokens[at].IsWord("PRIMARY"))
        {
            return false;
        }

        _at = at + 1;
        Expect("KEY");
        return true;
    }

    /// <summary><c>[USING type] (column [(length)] [ASC|DESC], …)</c>: the key's columns, in key order.</summary>
    private List<string> PrimaryKeyColumns()
    {
        if (Accept("USING"))
        {
            Name();
        }

        ExpectSymbol('(');
        var columns = new List<string>();
        do
        {
            if (Current.IsSymbol('('))
            {
                throw Unsupported("a primary key on an expression");
            }

            columns.Add(Name());
            if (AcceptSymbol('('))
            {
                // A prefix length: PostgreSQL keys the whole column, as the schema translation does.
                Next("')'");
                ExpectSymbol(')');
            }

            if (!Accept("ASC"))
            {
                Accept("DESC");
            }
        }
        while (AcceptSymbol(','));
        ExpectSymbol(')');
        return columns;
    }

    /// <summary>
    /// A column definition (after the column's name) of ADD, MODIFY or CHANGE COLUMN: the column action with the
    /// definition read from it, and the keys it declares inline (PRIMARY KEY as a key change, others as an index change).
    /// </summary>
    private void ColumnDefinition(SourceDdlKind kind, SourceTableName table, string column, string? newName, List<SourceDdlAction> actions)
    {
        var start = _at;
        SkipToActionEnd();
        var name = newName ?? column;
        var definition = MySqlColumnDefinitionReader.Read(name, _tokens, start, _at, _sql);
        actions.Add(new SourceDdlAction(kind, table) { Column = column, NewName = newName, Definition = definition.Column });
        if (definition.IsPrimaryKey)
        {
            actions.Add(new SourceDdlAction(SourceDdlKind.AddPrimaryKey, table) { KeyColumns = [name] });
        }

        if (definition.HasOtherKeys)
        {
            actions.Add(new SourceDdlAction(SourceDdlKind.Indexes, table));
        }
    }

    /// <summary>Skips a column definition or the rest of an action: up to a comma or closing parenthesis outside parentheses.</summary>
    private void SkipToActionEnd()
    {
        var depth = 0;
        while (Current.Kind != DdlTokenKind.End && !Current.IsSymbol(';'))
        {
            if (depth == 0 && (Current.IsSymbol(',') || Current.IsSymbol(')')))
            {
                return;
            }

            depth += Current.IsSymbol('(') ? 1 : Current.IsSymbol(')') ? -1 : 0;
            _at++;
        }
    }

    private void SkipIfExists()
    {
        if (Current.IsWord("IF") && _tokens[_at + 1].IsWord("EXISTS"))
        {
            _at += 2;
        }
    }

    private void SkipIfNotExists()
    {
        if (Current.IsWord("IF") && _tokens[_at + 1].IsWord("NOT"))
        {
            _at += 2;
            Expect("EXISTS");
        }
    }

    private SourceTableName TableName()
    {
        var first = Name();
        var table = AcceptSymbol('.') ? new SourceTableName(first, Name()) : new SourceTableName(null, first);
        _tables.Add(table);
        return table;
    }

    private string Name()
    {
        if (!Current.IsName)
        {
            throw new FormatException($"expected a name, found '{Current.Text}'");
        }

        return _tokens[_at++].Text;
    }

    private bool Accept(string word)
    {
        if (!Current.IsWord(word))
        {
            return false;
        }

        _at++;
        return true;
    }

    private bool AcceptSymbol(char symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            return false;
        }

        _at++;
        return true;
    }

    private void Expect(string word)
    {
        if (!Accept(word))
        {
            throw new FormatException($"expected {word}, found '{Current.Text}'");
        }
    }

    private void ExpectSymbol(char symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw new FormatException($"expected '{symbol}', found '{Current.Text}'");
        }
    }

    private void Next(string wanted)
    {
        if (Current.Kind == DdlTokenKind.End)
        {
            throw new FormatException($"expected {wanted} before the end of the statement");
        }

        _at++;
    }

    private static FormatException Unsupported(string what) => new($"{what} is not supported by the change stream");
}
