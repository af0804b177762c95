using System.Text;

namespace Godwit.Core.Ddl.Translation;

/// <summary>
/// MySQL's SQL/PSM (a trigger's or routine's body) as a PL/pgSQL block: DECLARE (variables, cursors, NOT FOUND handlers),
/// SET, IF/ELSEIF/ELSE, CASE, WHILE, LOOP, REPEAT, LEAVE/ITERATE, RETURN, OPEN/FETCH/CLOSE, SELECT … INTO, SIGNAL, CALL,
/// INSERT/UPDATE/DELETE and temporary tables (<see cref="PsmTemporaryTables"/>). In a procedure, a SELECT without INTO
/// (a result set sent to the client) opens a cursor in a parameter of its own (<see cref="ResultSets"/>, in the body's
/// order), which the caller fetches; FOUND_ROWS() after it is the count of its rows. Expressions go through
/// <see cref="PgExpressionPrinter"/>. What it cannot translate throws <see cref="UntranslatableException"/> naming the
/// statement.
/// </summary>
public sealed class PsmTranslator
{
    private readonly PgExpressionPrinter _printer;
    private readonly PsmRoutineKind _kind;
    private readonly List<string> _declarations = [];
    private readonly Dictionary<string, string> _notFoundHandlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _resultSets = [];
    private readonly PsmTemporaryTables _temporaryTables;
    private int _loops;
    private string? _outerLabel;
    private IReadOnlyList<SqlNode> _nodes = [];
    private int _i;

    public PsmTranslator(TranslationScope scope, PsmRoutineKind kind)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _printer = new PgExpressionPrinter(scope);
        _kind = kind;
        _temporaryTables = new PsmTemporaryTables(_printer);
    }

    /// <summary>The variable FOUND_ROWS() reads in a procedure: the row count of the last result set.</summary>
    public const string FoundRowsVariable = "godwit_found_rows";

    /// <summary>The refcursor parameters a procedure's result sets are opened in, one per SELECT without INTO, in the body's order.</summary>
    public IReadOnlyList<string> ResultSets => _resultSets;

    /// <summary>Temporary tables whose DROP waits for the end of the transaction (a result set may still read them).</summary>
    public IReadOnlyCollection<string> DeferredDrops => _temporaryTables.Deferred;

    /// <summary>The statement a RETURN without a value, or a LEAVE of the outermost block, becomes (e.g. <c>RETURN NEW</c>).</summary>
    public string ExitStatement { get; init; } = "RETURN";

    /// <summary>The PL/pgSQL block (DECLARE … BEGIN … END) for a body.</summary>
    public string Translate(string body)
    {
        _nodes = SqlTree.Parse(body);
        _i = 0;
        _temporaryTables.Prescan(_nodes);
        if (_kind == PsmRoutineKind.Procedure && body.Contains("found_rows", StringComparison.OrdinalIgnoreCase))
        {
            _printer.Scope.FoundRowsVariable = FoundRowsVariable;
            _declarations.Add($"{FoundRowsVariable} bigint := 0;");
        }

        var lines = new List<string>();
        if (IsBlockStart())
        {
            _outerLabel = TakeLabel();
            Expect("begin");
            lines.AddRange(Statements("end"));
            Expect("end");
            if (_i < _nodes.Count && _nodes[_i] is SqlLeaf { Token.IsName: true } l && string.Equals(l.Token.Text, _outerLabel, StringComparison.OrdinalIgnoreCase))
            {
                _i++;
            }

            SkipSemicolons();
        }
        else
        {
            lines.AddRange(Statements());
        }

        if (_i < _nodes.Count)
        {
            throw new UntranslatableException($"unexpected '{SqlRaw.Of(_nodes[_i])}' after the body");
        }

        var sb = new StringBuilder();
        if (_declarations.Count > 0)
        {
            sb.Append("DECLARE\n");
            foreach (var d in _declarations)
            {
                sb.Append("    ").Append(d).Append('\n');
            }
        }

        sb.Append("BEGIN\n");
        foreach (var line in lines)
        {
            sb.Append("    ").Append(line.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
        }

        sb.Append("    ").Append(ExitStatement).Append(";\nEND");
        return _temporaryTables.Finish(sb.ToString());
    }

    private bool IsBlockStart() =>
        (_i < _nodes.Count && Is(_i, "begin"))
        || (_i + 2 < _nodes.Count && _nodes[_i] is SqlLeaf { Token.IsName: true } && _nodes[_i + 1] is SqlLeaf c && c.IsSymbol(":") && Is(_i + 2, "begin"));

    private string? TakeLabel()
    {
        if (_i + 1 < _nodes.Count && _nodes[_i + 1] is SqlLeaf c && c.IsSymbol(":") && _nodes[_i] is SqlLeaf name)
        {
            _i += 2;
            return name.Token.Text;
        }

        return null;
    }

    private bool Is(int index, string word) => index < _nodes.Count && _nodes[index] is SqlLeaf l && l.IsWord(word);

    private void Expect(string word)
    {
        if (!Is(_i, word))
        {
            throw new UntranslatableException($"expected {word.ToUpperInvariant()} at '{(_i < _nodes.Count ? SqlRaw.Of(_nodes[_i]) : "the end")}'");
        }

        _i++;
    }

    private void SkipSemicolons()
    {
        while (_i < _nodes.Count && _nodes[_i] is SqlLeaf l && l.IsSymbol(";"))
        {
            _i++;
        }
    }

    /// <summary>Statements up to (not including) one of the <paramref name="terminators"/> words, or the end.</summary>
    private List<string> Statements(params string[] terminators)
    {
        var lines = new List<string>();
        while (true)
        {
            SkipSemicolons();
            if (_i >= _nodes.Count || terminators.Any(t => Is(_i, t)))
            {
                return lines;
            }

            var start = _i;
            try
            {
                var line = Statement();
                if (line is not null)
                {
                    lines.Add(line);
                }
            }
            catch (UntranslatableException ex) when (_printer.Scope.Lenient)
            {
                _i = start;
                var raw = SqlRaw.Of(UntilSemicolon());
                lines.Add($"-- godwit: not translated ({ex.Message}):\n-- {raw.Replace("\n", "\n-- ", StringComparison.Ordinal)}");
            }
        }
    }

    /// <summary>Nodes up to the next top-level ';' (consumed) or the end.</summary>
    private List<SqlNode> UntilSemicolon()
    {
        var list = new List<SqlNode>();
        while (_i < _nodes.Count && !(_nodes[_i] is SqlLeaf l && l.IsSymbol(";")))
        {
            list.Add(_nodes[_i++]);
        }

        if (_i < _nodes.Count)
        {
            _i++;
        }

        return list;
    }

    /// <summary>Nodes up to (not including) a top-level word.</summary>
    private List<SqlNode> UntilWord(string word)
    {
        var list = new List<SqlNode>();
        while (_i < _nodes.Count && !Is(_i, word))
        {
            list.Add(_nodes[_i++]);
        }

        Expect(word);
        return list;
    }

    private string? Statement()
    {
        // IF (a) OR (b) THEN: the parser read "IF (a)" as a call.
        if (_nodes[_i] is SqlCall { Name: "if" } call)
        {
            var rest = new List<SqlNode> { new SqlGroup(call.Inner) };
            _i++;
            rest.AddRange(UntilWord("then"));
            return If(rest);
        }

        var label = TakeLabel();
        if (_nodes[_i] is not SqlLeaf head)
        {
            throw new UntranslatableException($"statement starting with '{SqlRaw.Of(_nodes[_i])}'");
        }

        var word = head.Token.Kind == SqlTokenKind.Word ? head.Token.Text.ToLowerInvariant() : string.Empty;
        switch (word)
        {
            case "declare":
                _i++;
                Declare();
                return null;
            case "set":
                _i++;
                return Set(UntilSemicolon());
            case "if":
                _i++;
                return If(UntilWord("then"));
            case "while":
                _i++;
                var cond = _printer.PrintCondition(UntilWord("do"));
                var body = LoopBody("end");
                Expect("end");
                Expect("while");
                SkipLabel(label);
                return Labelled(label, $"WHILE {cond} LOOP\n{Indent(body)}\nEND LOOP;");
            case "loop":
                _i++;
                var loop = LoopBody("end");
                Expect("end");
                Expect("loop");
                SkipLabel(label);
                return Labelled(label, $"LOOP\n{Indent(loop)}\nEND LOOP;");
            case "repeat":
                _i++;
                var repeat = LoopBody("until");
                Expect("until");
                var until = _printer.PrintCondition(UntilWord("end"));
                Expect("repeat");
                SkipLabel(label);
                return Labelled(label, $"LOOP\n{Indent(repeat)}\n    EXIT WHEN {until};\nEND LOOP;");
            case "begin":
                _i++;
                var inner = Statements("end");
                Expect("end");
                SkipLabel(label);
                return Labelled(label, $"BEGIN\n{Indent(inner)}\nEND;");
            case "leave":
                _i++;
                var target = UntilSemicolon();
                var name = SqlRaw.Of(target);
                return string.Equals(name, _outerLabel, StringComparison.OrdinalIgnoreCase) ? ExitStatement + ";" : $"EXIT {name.ToLowerInvariant()};";
            case "iterate":
                _i++;
                return $"CONTINUE {SqlRaw.Of(UntilSemicolon()).ToLowerInvariant()};";
            case "return":
                _i++;
                var value = UntilSemicolon();
                return value.Count == 0 ? ExitStatement + ";" : $"RETURN {_printer.PrintFor(value, _printer.Scope.ReturnType)};";
            case "open":
            case "close":
                _i++;
                return $"{word.ToUpperInvariant()} {Local(UntilSemicolon())};";
            case "fetch":
                _i++;
                return Fetch(UntilSemicolon());
            case "signal":
                _i++;
                return Signal(UntilSemicolon());
            case "select":
                return Select(UntilSemicolon());
            case "insert" or "update" or "delete":
                var dml = UntilSemicolon();
                RefuseDmlVariants(dml);
                return _printer.Print(dml) + ";";
            case "call":
                _i++;
                return $"CALL {_printer.Print(UntilSemicolon())};";
            case "case":
                return Case();
            case "create":
                return _temporaryTables.Create(UntilSemicolon());
            case "drop":
                return _temporaryTables.Drop(UntilSemicolon(), _resultSets.Count > 0);
            default:
                throw new UntranslatableException($"statement {SqlRaw.Of(UntilSemicolon())}");
        }
    }

    private List<string> LoopBody(string terminator)
    {
        _loops++;
        try
        {
            return Statements(terminator);
        }
        finally
        {
            _loops--;
        }
    }

    private void SkipLabel(string? label)
    {
        if (label is not null && _i < _nodes.Count && _nodes[_i] is SqlLeaf l && string.Equals(l.Token.Text, label, StringComparison.OrdinalIgnoreCase))
        {
            _i++;
        }
    }

    private static string Labelled(string? label, string block) => label is null ? block : $"<<{label.ToLowerInvariant()}>>\n{block}";

    private static string Indent(List<string> lines) => string.Join("\n", lines.Select(l => "    " + l.Replace("\n", "\n    ", StringComparison.Ordinal)));

    private string Local(IReadOnlyList<SqlNode> nodes) => Ddl.PgIdentifier.Quote(SqlRaw.Of(nodes).Trim('`').ToLowerInvariant());

    private void Declare()
    {
        // DECLARE name CURSOR FOR select; DECLARE CONTINUE|EXIT HANDLER FOR cond stmt; DECLARE a, b type [DEFAULT x];
        if (Is(_i, "continue") || Is(_i, "exit"))
        {
            var exit = Is(_i, "exit");
            _i++;
            Expect("handler");
            Expect("for");
            var condition = new List<SqlNode>();
            while (_i < _nodes.Count && !(Is(_i, "set") || Is(_i, "return") || Is(_i, "begin") || Is(_i, "leave") || Is(_i, "select") || Is(_i, "insert") || Is(_i, "update") || Is(_i, "delete") || Is(_i, "call")))
            {
                condition.Add(_nodes[_i++]);
            }

            var conditionText = SqlRaw.Of(condition).ToLowerInvariant();
            if (conditionText is not ("not found" or "sqlstate '02000'"))
            {
                throw new UntranslatableException($"{(exit ? "EXIT" : "CONTINUE")} HANDLER FOR {conditionText.ToUpperInvariant()} (only NOT FOUND handlers are translated)");
            }

            var action = Statement() ?? string.Empty;
            _notFoundHandlers["not found"] = exit && !action.StartsWith("RETURN", StringComparison.Ordinal) ? action + "\n" + ExitStatement + ";" : action;
            return;
        }

        var names = new List<string>();
        while (_i < _nodes.Count && _nodes[_i] is SqlLeaf { Token.IsName: true } n)
        {
            names.Add(n.Token.Text);
            _i++;
            if (_i < _nodes.Count && _nodes[_i] is SqlLeaf comma && comma.IsSymbol(","))
            {
                _i++;
                continue;
            }

            break;
        }

        if (names.Count == 1 && Is(_i, "cursor"))
        {
            _i++;
            Expect("for");
            var select = UntilSemicolon();
            _printer.Scope.Variables[names[0]] = "refcursor";
            _declarations.Add($"{Ddl.PgIdentifier.Quote(names[0].ToLowerInvariant())} CURSOR FOR {SelectPrinter.Print(_printer, select)};");
            return;
        }

        var rest = UntilSemicolon();
        var defaultAt = SqlTree.IndexOfWord(rest, "default");
        var type = PsmTypes.ToPg(SqlRaw.Of(defaultAt < 0 ? rest : SqlTree.Slice(rest, 0, defaultAt)));
        var init = defaultAt < 0 ? null : _printer.PrintFor(SqlTree.Slice(rest, defaultAt + 1, rest.Count), type);
        foreach (var name in names)
        {
            _printer.Scope.Variables[name] = type;
            _declarations.Add($"{Ddl.PgIdentifier.Quote(name.ToLowerInvariant())} {type}{(init is null ? string.Empty : " := " + init)};");
        }
    }

    private string Set(IReadOnlyList<SqlNode> nodes)
    {
        var lines = new List<string>();
        foreach (var assignment in SqlTree.SplitAt(nodes, ","))
        {
            var eq = assignment.Select((n, k) => (n, k)).FirstOrDefault(x => x.n is SqlLeaf l && (l.IsSymbol("=") || l.IsSymbol(":="))).k;
            if (eq <= 0)
            {
                throw new UntranslatableException($"SET {SqlRaw.Of(assignment)}");
            }

            var target = SqlTree.Slice(assignment, 0, eq);
            if (target.Count == 1 && target[0] is SqlLeaf { Token.Kind: SqlTokenKind.Variable } v)
            {
                throw new UntranslatableException($"user variable {v.Token.Text} (session state PostgreSQL does not share with the caller)");
            }

            var targetType = target is [SqlLeaf { Token.IsName: true } local] && _printer.Scope.Variables.TryGetValue(local.Token.Text, out var t) ? t : null;
            lines.Add($"{_printer.Print(target)} := {_printer.PrintFor(SqlTree.Slice(assignment, eq + 1, assignment.Count), targetType)};");
        }

        return string.Join("\n", lines);
    }

    private string If(IReadOnlyList<SqlNode> condition)
    {
        var sb = new StringBuilder();
        sb.Append("IF ").Append(_printer.PrintCondition(condition)).Append(" THEN\n").Append(Indent(Statements("elseif", "else", "end")));
        while (Is(_i, "elseif"))
        {
            _i++;
            var c = UntilWord("then");
            sb.Append("\nELSIF ").Append(_printer.PrintCondition(c)).Append(" THEN\n").Append(Indent(Statements("elseif", "else", "end")));
        }

        if (Is(_i, "else"))
        {
            _i++;
            sb.Append("\nELSE\n").Append(Indent(Statements("end")));
        }

        Expect("end");
        Expect("if");
        sb.Append("\nEND IF;");
        return sb.ToString();
    }

    private string Case()
    {
        _i++;
        var operand = new List<SqlNode>();
        while (!Is(_i, "when"))
        {
            operand.Add(_nodes[_i++]);
        }

        var sb = new StringBuilder("CASE");
        if (operand.Count > 0)
        {
            sb.Append(' ').Append(_printer.Print(operand));
        }

        while (Is(_i, "when"))
        {
            _i++;
            var when = UntilWord("then");
            sb.Append("\nWHEN ").Append(operand.Count > 0 ? _printer.Print(when) : _printer.PrintCondition(when)).Append(" THEN\n").Append(Indent(Statements("when", "else", "end")));
        }

        if (Is(_i, "else"))
        {
            _i++;
            sb.Append("\nELSE\n").Append(Indent(Statements("end")));
        }

        Expect("end");
        Expect("case");
        return sb.Append("\nEND CASE;").ToString();
    }

    private string Fetch(IReadOnlyList<SqlNode> nodes)
    {
        var intoAt = SqlTree.IndexOfWord(nodes, "into");
        var cursor = SqlTree.Slice(nodes, 0, intoAt).Where(n => !(n is SqlLeaf l && (l.IsWord("next") || l.IsWord("from")))).ToList();
        var line = $"FETCH {Local(cursor)} INTO {_printer.Print(SqlTree.Slice(nodes, intoAt + 1, nodes.Count))};";
        return AfterNotFound(line);
    }

    /// <summary>FETCH past the last row: MySQL raises NOT FOUND (error 1329 without a handler); PL/pgSQL only clears FOUND.</summary>
    private string AfterNotFound(string line)
    {
        var handler = _notFoundHandlers.TryGetValue("not found", out var h) ? h : "RAISE EXCEPTION USING ERRCODE = '02000', MESSAGE = 'No data - zero rows fetched, selected, or processed';";
        return $"{line}\nIF NOT FOUND THEN\n    {handler.Replace("\n", "\n    ", StringComparison.Ordinal)}\nEND IF;";
    }

    private string Select(IReadOnlyList<SqlNode> nodes)
    {
        var intoAt = SqlTree.IndexOfWord(nodes, "into");
        if (intoAt < 0)
        {
            return _kind == PsmRoutineKind.Procedure ? ResultSet(nodes) : throw new UntranslatableException("a SELECT without INTO");
        }

        // SELECT … INTO a, b FROM … or SELECT … FROM … INTO a, b: PL/pgSQL takes INTO anywhere; the targets end at FROM/WHERE/….
        var end = intoAt + 1;
        while (end < nodes.Count && !(nodes[end] is SqlLeaf l && (l.IsWord("from") || l.IsWord("where") || l.IsWord("group") || l.IsWord("order") || l.IsWord("limit") || l.IsWord("having"))))
        {
            end++;
        }

        var targets = _printer.Print(SqlTree.Slice(nodes, intoAt + 1, end));
        var query = new List<SqlNode>(SqlTree.Slice(nodes, 0, intoAt));
        query.AddRange(SqlTree.Slice(nodes, end, nodes.Count));
        var select = SelectPrinter.Print(_printer, query);
        var fromAt = select.IndexOf(" FROM ", StringComparison.Ordinal);
        var line = fromAt < 0 ? $"{select} INTO STRICT {targets};" : $"{select[..fromAt]} INTO STRICT {targets}{select[fromAt..]};";

        // MySQL: no row leaves the variables as they were and raises NOT FOUND (a handler runs, or only a warning);
        // more than one row is an error. INTO STRICT raises both and leaves the variables alone.
        var handler = _notFoundHandlers.TryGetValue("not found", out var h) ? h : "NULL;";
        return $"BEGIN\n    {line}\nEXCEPTION WHEN no_data_found THEN\n    {handler.Replace("\n", "\n    ", StringComparison.Ordinal)}\nEND;";
    }

    /// <summary>
    /// A result set for the client: the SELECT opened in its own refcursor parameter. Where the body reads FOUND_ROWS(),
    /// the cursor is SCROLL so its rows can be counted (MOVE to the end) and rewound in the same snapshot.
    /// </summary>
    private string ResultSet(IReadOnlyList<SqlNode> nodes)
    {
        if (_loops > 0)
        {
            throw new UntranslatableException("a SELECT that returns a result set inside a loop (a result set per pass; PostgreSQL gets one cursor parameter per SELECT)");
        }

        var name = $"result_set_{_resultSets.Count + 1}";
        _resultSets.Add(name);
        var select = SelectPrinter.Print(_printer, nodes);
        return _printer.Scope.FoundRowsVariable is { } found
            ? $"OPEN {name} SCROLL FOR {select};\nMOVE FORWARD ALL FROM {name};\nGET DIAGNOSTICS {found} = ROW_COUNT;\nMOVE ABSOLUTE 0 FROM {name};"
            : $"OPEN {name} FOR {select};";
    }

    private string Signal(IReadOnlyList<SqlNode> nodes)
    {
        // SIGNAL SQLSTATE [VALUE] 'xxxxx' [SET MESSAGE_TEXT = 'text'].
        var state = nodes.OfType<SqlLeaf>().FirstOrDefault(l => l.Token.Kind == SqlTokenKind.String)?.Token.Text
            ?? throw new UntranslatableException("SIGNAL of a named condition");
        var setAt = SqlTree.IndexOfWord(nodes, "set");
        var message = "'unhandled user-defined exception'";
        if (setAt >= 0)
        {
            foreach (var item in SqlTree.SplitAt(SqlTree.Slice(nodes, setAt + 1, nodes.Count), ","))
            {
                if (item.Count >= 3 && item[0] is SqlLeaf k && k.IsWord("message_text"))
                {
                    message = _printer.Print(SqlTree.Slice(item, 2, item.Count));
                }
            }
        }

        return $"RAISE EXCEPTION USING ERRCODE = {PgExpressionPrinter.Literal(state)}, MESSAGE = {message};";
    }

    private static void RefuseDmlVariants(IReadOnlyList<SqlNode> dml)
    {
        if (SqlTree.IndexOfWords(dml, "duplicate", "key") >= 0)
        {
            throw new UntranslatableException("INSERT … ON DUPLICATE KEY UPDATE (needs the conflict target: INSERT … ON CONFLICT)");
        }

        if (SqlTree.IndexOfWord(dml, "ignore") is 1)
        {
            throw new UntranslatableException("INSERT IGNORE");
        }

        if (SqlTree.IndexOfWord(dml, "limit") >= 0)
        {
            throw new UntranslatableException("UPDATE/DELETE … LIMIT");
        }
    }
}
