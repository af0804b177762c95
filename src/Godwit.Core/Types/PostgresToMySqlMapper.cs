using System.Text;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>
/// PostgreSQL → MySQL/MariaDB: the reverse stream after a cutover (the old source's tables exist; the stream applies the
/// new primary's changes to them) and the schema of a PostgreSQL database made on MySQL (<see cref="PgToMySqlTypes"/>).
/// Every column keeps its value's text (<see cref="ValueConversionKind.Native"/>); the MySQL apply turns PostgreSQL's
/// text into what the MySQL column takes (booleans, bytea, UTC timestamps, intervals, arrays).
/// </summary>
public sealed class PostgresToMySqlMapper : ISchemaMapper
{
    public static PostgresToMySqlMapper Instance { get; } = new();

    public DatabaseEngine Source => DatabaseEngine.Postgres;

    public DatabaseEngine Target => DatabaseEngine.MySql;

    /// <exception cref="CastRuleException">The spec has type rules, which this mapping does not apply.</exception>
    public (SchemaCasts Casts, PgSchemaPlan Plan) Map(SourceDatabase database, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Rules.Count > 0)
        {
            throw new CastRuleException($"type rules do not apply to a PostgreSQL → MySQL stream ({spec.Rules.Count} in the spec).");
        }

        if (database.Schemas.Count != 1)
        {
            // One MySQL database has one namespace: sales.orders and public.orders cannot both land in it.
            throw new CastRuleException(
                $"a MySQL target takes one schema of a PostgreSQL source, and {database.Name} has {database.Schemas.Count} ({string.Join(", ", database.Schemas)}): "
                + "name one with ?schema=NAME in the source URI (one migration per schema).");
        }

        var targetDatabase = spec.Options.TargetSchema ?? database.Name;
        var casts = new Dictionary<(string Table, string Column), ColumnCast>();
        var tables = new List<PgTableMapping>(database.Tables.Count);
        var statements = new List<DdlStatement>
        {
            new(DdlPhase.PreData, DdlObjectKind.Schema, targetDatabase, $"CREATE DATABASE IF NOT EXISTS {MySqlIdentifier.Quote(targetDatabase)} DEFAULT CHARACTER SET utf8mb4"),
        };
        var notes = new List<SchemaNote>();
        foreach (var table in database.Tables)
        {
            var columns = new List<PgColumnMapping>(table.Columns.Count);
            var definitions = new List<string>();
            foreach (var column in table.Columns)
            {
                var (type, lossy) = PgToMySqlTypes.Map(column.Type.ColumnType);
                var cast = new ColumnCast
                {
                    SourceSchema = database.Name,
                    SourceTable = table.Name,
                    Column = column,
                    TargetType = new PgTypeName(type),
                    Conversion = new ValueConversion(ValueConversionKind.Native),
                    Origin = "source",
                    LossyReason = lossy,
                };
                casts[(table.Key, column.Name.ToLowerInvariant())] = cast;
                columns.Add(new PgColumnMapping(column, column.Name, cast) { IsIdentity = column.IsAutoIncrement });
                definitions.Add($"{MySqlIdentifier.Quote(column.Name)} {type}{(column.IsNullable ? " NULL" : " NOT NULL")}{(column.IsAutoIncrement ? " AUTO_INCREMENT" : string.Empty)}");
                if (lossy is not null)
                {
                    notes.Add(new SchemaNote(NoteSeverity.Warning, $"column {table.QualifiedName}.{column.Name}", $"{column.Type.ColumnType} → {type}: {lossy}"));
                }
            }

            if (table.PrimaryKey is { } pk)
            {
                definitions.Add($"PRIMARY KEY ({string.Join(", ", pk.Parts.Where(p => p.Column is not null).Select(p => MySqlIdentifier.Quote(p.Column!)))})");
            }

            var sql = new StringBuilder($"CREATE TABLE {MySqlIdentifier.Quote(table.Name)} (\n  ").AppendJoin(",\n  ", definitions).Append("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            statements.Add(new DdlStatement(DdlPhase.PreData, DdlObjectKind.Table, table.Name, sql.ToString()) { Table = table.Name });
            tables.Add(new PgTableMapping(table, targetDatabase, table.Name, columns));
        }

        var plan = new PgSchemaPlan { TargetSchema = targetDatabase, Statements = statements, Tables = tables, Notes = notes };
        return (new SchemaCasts(casts, []), plan);
    }
}
