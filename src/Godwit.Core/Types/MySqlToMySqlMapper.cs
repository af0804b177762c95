using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>
/// MySQL/MariaDB → MySQL/MariaDB: every column keeps its type (<see cref="ValueConversionKind.Native"/>: the copy and
/// the stream pass the text protocol's bytes through, and the target parses them as the same type), tables keep their
/// names, and each table is made from the source's own <c>SHOW CREATE TABLE</c> (<see cref="SourceDatabase.NativeDdl"/>)
/// in the target database, which is <c>--target-schema</c> or else the source database's name. Several sources can so be
/// consolidated into one target database, each as a stream of its own.
/// </summary>
public sealed class MySqlToMySqlMapper : ISchemaMapper
{
    public static MySqlToMySqlMapper Instance { get; } = new();

    public DatabaseEngine Source => DatabaseEngine.MySql;

    public DatabaseEngine Target => DatabaseEngine.MySql;

    /// <exception cref="CastRuleException">The spec has type rules, which a same-engine move does not apply.</exception>
    public (SchemaCasts Casts, PgSchemaPlan Plan) Map(SourceDatabase database, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Rules.Count > 0)
        {
            throw new CastRuleException(
                $"type rules do not apply to a MySQL → MySQL migration ({spec.Rules.Count} in the spec): every column keeps its type, so nothing is converted.");
        }

        var targetDatabase = spec.Options.TargetSchema ?? database.Name;
        var (casts, tables) = NativeCasts.For(database, targetDatabase);
        var statements = new List<DdlStatement>
        {
            new(DdlPhase.PreData, DdlObjectKind.Schema, targetDatabase, $"CREATE DATABASE IF NOT EXISTS {MySqlIdentifier.Quote(targetDatabase)}{DatabaseOptions(database)}"),
        };
        var notes = new List<SchemaNote>();
        foreach (var statement in database.NativeDdl)
        {
            statements.Add(statement with { Sql = MySqlNativeDdlRewriter.Retarget(statement, database.Name, targetDatabase) });
        }

        foreach (var trigger in database.Triggers)
        {
            // A trigger on the target would fire a second time for every row the stream applies (the source's row
            // events already hold what it did there), so it is made only by the operator, after the switch.
            notes.Add(new SchemaNote(
                NoteSeverity.Warning,
                $"trigger {database.Name}.{trigger.Name}",
                "not created on the MySQL target while the stream applies changes: it would fire again for rows the source's triggers already wrote",
                "create it on the target after the cutover (SHOW CREATE TRIGGER on the source gives its statement)"));
        }

        var plan = new PgSchemaPlan
        {
            TargetSchema = targetDatabase,
            Statements = statements,
            Tables = tables,
            Notes = notes,
        };
        return (new SchemaCasts(casts, []), plan);
    }

    // The source database's defaults, for the tables and columns whose statements do not name their own.
    private static string DatabaseOptions(SourceDatabase database) =>
        (database.DefaultCharset is { } charset && IsWord(charset) ? $" DEFAULT CHARACTER SET {charset}" : string.Empty)
        + (database.DefaultCollation is { } collation && IsWord(collation) ? $" COLLATE {collation}" : string.Empty);

    private static bool IsWord(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
