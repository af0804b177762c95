using System.Globalization;
using Godwit.Core.Schema;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Introspection;

/// <summary>
/// Reads a MySQL/MariaDB database's schema from information_schema (schema name bound as a prepared-statement
/// parameter, never spliced into SQL). MySQL/MariaDB differences are handled here, behind one method each.
/// </summary>
public static class MySqlIntrospector
{
    public static async Task<SourceDatabase> IntrospectAsync(MySqlConnection connection, string database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        var isMariaDb = connection.ServerVersion.IsMariaDb;
        var q = new Queries(connection, database, cancellationToken);

        var schema = await q.RowsAsync("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?");
        if (schema.Count == 0)
        {
            throw new InvalidOperationException($"database '{database}' does not exist on the source (or the user cannot see it).");
        }

        var tablesRows = await q.RowsAsync(
            "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH, AUTO_INCREMENT, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS "
            + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME");
        var generatedColumn = isMariaDb || connection.ServerVersion.IsAtLeast(5, 7, 6) ? "GENERATION_EXPRESSION" : "NULL";
        var columnRows = await q.RowsAsync(
            $"SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT, {generatedColumn} "
            + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION");
        var expression = !isMariaDb && connection.ServerVersion.IsAtLeast(8, 0, 13) ? "EXPRESSION" : "NULL";
        var indexRows = await q.RowsAsync(
            $"SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, INDEX_TYPE, COLLATION, INDEX_COMMENT, {expression} "
            + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX");
        var fkRows = await q.RowsAsync(
            "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE "
            + "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
            + "ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "
            + "WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION");
        var checkRows = await ChecksAsync(q, connection.ServerVersion);
        var viewRows = await q.RowsAsync("SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME");
        var triggerRows = await q.RowsAsync(
            "SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT, ACTION_ORDER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY TRIGGER_NAME");
        var routineRows = await q.RowsAsync(
            "SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION, DTD_IDENTIFIER, IS_DETERMINISTIC, SQL_DATA_ACCESS FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_NAME");
        var parameterRows = await q.RowsAsync(
            "SELECT SPECIFIC_NAME, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER, ROUTINE_TYPE FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ? AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_NAME, ORDINAL_POSITION");
        var partitionRows = await q.RowsAsync(
            "SELECT TABLE_NAME, MIN(PARTITION_METHOD), MIN(PARTITION_EXPRESSION) FROM information_schema.PARTITIONS "
            + "WHERE TABLE_SCHEMA = ? AND PARTITION_NAME IS NOT NULL GROUP BY TABLE_NAME");

        var jsonAlias = new HashSet<(string, string)>(
            checkRows.Where(c => IsJsonValid(c.Clause, c.Column)).Select(c => (c.Table.ToLowerInvariant(), c.Column!.ToLowerInvariant())));

        var tables = new List<SourceTable>();
        foreach (var t in tablesRows.Where(r => r[1] is "BASE TABLE" or "SYSTEM VERSIONED"))
        {
            var name = t[0]!;
            bool Mine(string?[] r) => string.Equals(r[0], name, StringComparison.Ordinal);
            var columns = columnRows.Where(Mine).Select(r => Column(r, isMariaDb, jsonAlias.Contains((name.ToLowerInvariant(), r[1]!.ToLowerInvariant())))).ToList();
            var partition = partitionRows.FirstOrDefault(Mine);
            tables.Add(new SourceTable
            {
                Schema = database,
                Name = name,
                Engine = t[2],
                RowEstimate = Long(t[3]),
                DataBytes = Long(t[4]),
                IndexBytes = Long(t[5]),
                AutoIncrement = t[6] is null ? null : ulong.Parse(t[6]!, CultureInfo.InvariantCulture),
                Collation = t[7],
                Comment = string.IsNullOrEmpty(t[8]) ? null : t[8],
                Columns = columns,
                Indexes = Indexes(indexRows.Where(Mine)),
                ForeignKeys = ForeignKeys(fkRows.Where(Mine)),
                Checks = [.. checkRows.Where(c => string.Equals(c.Table, name, StringComparison.Ordinal)).Select(c => new SourceCheck
                {
                    Name = c.Name,
                    Clause = c.Clause,
                    IsJsonValid = IsJsonValid(c.Clause, c.Column) || IsJsonValidAnyColumn(c.Clause),
                })],
                Partitioning = partition is null ? null : $"{partition[1]} ({partition[2]})",
            });
        }

        return new SourceDatabase
        {
            Name = database,
            ServerVersion = connection.ServerVersion.Original,
            IsMariaDb = isMariaDb,
            DefaultCharset = schema[0][0],
            DefaultCollation = schema[0][1],
            Tables = tables,
            Views = [.. viewRows.Select(v => new SourceView { Schema = database, Name = v[0]!, Definition = v[1] ?? string.Empty, CheckOption = v[2] })],
            Triggers = [.. triggerRows.Select(r => new SourceTrigger { Name = r[0]!, Table = r[1]!, Timing = r[2]!, Event = r[3]!, Statement = r[4] ?? string.Empty, ActionOrder = (int)Long(r[5]) })],
            Routines = [.. routineRows.Select(r => new SourceRoutine
            {
                Name = r[0]!,
                Kind = r[1]!,
                Definition = r[2],
                Returns = r[3],
                IsDeterministic = r[4] == "YES",
                DataAccess = r[5],
                Parameters = [.. parameterRows.Where(p => p[0] == r[0] && p[4] == r[1]).Select(p => new SourceRoutineParameter(p[1] ?? "IN", p[2]!, p[3]!))],
            })],
        };
    }

    private static SourceColumn Column(string?[] r, bool isMariaDb, bool isJsonAlias)
    {
        var nullable = r[4] == "YES";
        var extra = r[8] ?? string.Empty;
        var generation = string.IsNullOrEmpty(r[10]) ? null : r[10];
        if (generation is not null && !extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase) && !extra.Contains("PERSISTENT", StringComparison.OrdinalIgnoreCase))
        {
            generation = null;
        }

        var type = MySqlType.Parse(r[5]!) with { IsJsonAlias = isJsonAlias };
        return new SourceColumn
        {
            Name = r[1]!,
            Ordinal = (int)Long(r[2]),
            Type = type,
            IsNullable = nullable,
            Default = generation is null ? MySqlDefaultParser.Parse(r[3], extra, isMariaDb, nullable) : ColumnDefault.None,
            OnUpdateCurrentTimestamp = extra.Contains("on update", StringComparison.OrdinalIgnoreCase),
            IsAutoIncrement = extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase),
            GenerationExpression = generation,
            IsStoredGenerated = generation is not null && (extra.Contains("STORED", StringComparison.OrdinalIgnoreCase) || extra.Contains("PERSISTENT", StringComparison.OrdinalIgnoreCase)),
            Charset = r[6],
            Collation = r[7],
            Comment = string.IsNullOrEmpty(r[9]) ? null : r[9],
        };
    }

    private static List<SourceIndex> Indexes(IEnumerable<string?[]> rows)
    {
        var result = new List<SourceIndex>();
        foreach (var g in rows.GroupBy(r => r[1]!, StringComparer.Ordinal))
        {
            var first = g.First();
            var kind = g.Key == "PRIMARY" ? IndexKind.Primary
                : first[6] == "FULLTEXT" ? IndexKind.Fulltext
                : first[6] == "SPATIAL" ? IndexKind.Spatial
                : first[2] == "0" ? IndexKind.Unique
                : IndexKind.Index;
            result.Add(new SourceIndex
            {
                Name = g.Key,
                Kind = kind,
                Comment = string.IsNullOrEmpty(first[8]) ? null : first[8],
                Parts = [.. g.OrderBy(r => Long(r[3])).Select(r => new SourceIndexPart
                {
                    Column = r[4],
                    PrefixLength = r[5] is null ? null : (int)Long(r[5]),
                    Descending = r[7] == "D",
                    Expression = r[4] is null ? r[9] : null,
                })],
            });
        }

        return result;
    }

    private static List<SourceForeignKey> ForeignKeys(IEnumerable<string?[]> rows) =>
        [.. rows.GroupBy(r => r[1]!, StringComparer.Ordinal).Select(g => new SourceForeignKey
        {
            Name = g.Key,
            Columns = [.. g.Select(r => r[2]!)],
            ReferencedSchema = g.First()[3]!,
            ReferencedTable = g.First()[4]!,
            ReferencedColumns = [.. g.Select(r => r[5]!)],
            OnUpdate = g.First()[6] ?? "RESTRICT",
            OnDelete = g.First()[7] ?? "RESTRICT",
        })];

    private sealed record CheckRow(string Table, string Name, string Clause, string? Column);

    /// <summary>CHECK constraints: MariaDB has TABLE_NAME and LEVEL in CHECK_CONSTRAINTS; MySQL (8.0.16+) needs TABLE_CONSTRAINTS.</summary>
    private static async Task<List<CheckRow>> ChecksAsync(Queries q, ServerVersion version)
    {
        if (version.IsMariaDb)
        {
            if (!version.IsAtLeast(10, 2, 1))
            {
                return [];
            }

            var level = version.IsAtLeast(10, 5, 10) ? "LEVEL" : "NULL";
            var rows = await q.RowsAsync(
                $"SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, {level} FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME");
            return [.. rows.Select(r => new CheckRow(r[0]!, r[1]!, r[2]!, r[3] == "Column" || r[3] is null ? r[1] : null))];
        }

        if (!version.IsAtLeast(8, 0, 16))
        {
            return [];
        }

        var mysqlRows = await q.RowsAsync(
            "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS c "
            + "JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK' "
            + "WHERE c.CONSTRAINT_SCHEMA = ? ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME");
        return [.. mysqlRows.Select(r => new CheckRow(r[0]!, r[1]!, r[2]!, null))];
    }

    /// <summary>MariaDB's JSON alias: a column-level CHECK named after the column with clause <c>json_valid(`col`)</c>.</summary>
    internal static bool IsJsonValid(string clause, string? column)
    {
        if (column is null)
        {
            return false;
        }

        var c = clause.Replace(" ", string.Empty, StringComparison.Ordinal);
        var quoted = "`" + column.Replace("`", "``", StringComparison.Ordinal) + "`";
        return c.Equals($"json_valid({quoted})", StringComparison.OrdinalIgnoreCase)
            || c.Equals($"(json_valid({quoted}))", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsJsonValidAnyColumn(string clause)
    {
        var c = clause.Replace(" ", string.Empty, StringComparison.Ordinal);
        while (c.Length > 2 && c[0] == '(' && c[^1] == ')')
        {
            c = c[1..^1];
        }

        return c.StartsWith("json_valid(`", StringComparison.OrdinalIgnoreCase) && c.EndsWith("`)", StringComparison.Ordinal)
            && c.IndexOf('`', 12) == c.Length - 2;
    }

    private static long Long(string? s) => s is null ? 0 : long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (long)Math.Min(ulong.Parse(s, CultureInfo.InvariantCulture), long.MaxValue);

    /// <summary>Runs information_schema queries with the schema name as the one '?' parameter.</summary>
    internal sealed class Queries(MySqlConnection connection, string database, CancellationToken ct)
    {
        public async Task<List<string?[]>> RowsAsync(string sql)
        {
            await using var statement = await connection.PrepareAsync(sql, ct);
            var parameters = Enumerable.Repeat<object?>(database, statement.ParameterCount).ToArray();
            await using var reader = await statement.QueryAsync(parameters, ct);
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(ct))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
                }

                rows.Add(row);
            }

            return rows;
        }
    }
}
