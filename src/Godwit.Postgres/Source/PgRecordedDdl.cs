using System.Text.Json;
using Godwit.Core.Sync;
using Godwit.Postgres.Replication;

namespace Godwit.Postgres.Source;

/// <summary>
/// One row of <c>godwit.source_ddl</c> (<see cref="PgDdlTrigger"/>) as the stream reads it, turned into the sync
/// engine's <see cref="SourceDdl"/> by <see cref="PgDdlRules"/>.
/// </summary>
/// <param name="Tag">The command's tag (<c>ALTER TABLE</c>, <c>DROP TABLE</c>…).</param>
/// <param name="Objects">What it touched: per object its tag, kind, schema and name (a table's, for its indexes and columns).</param>
/// <param name="SearchPath">The session's search_path when it ran.</param>
/// <param name="Query">The client's query text (<c>current_query()</c>); it may hold more than the command.</param>
internal sealed record PgRecordedDdl(string Tag, IReadOnlyList<PgRecordedDdlObject> Objects, string SearchPath, string Query)
{
    /// <summary>Whether the relation is the table the trigger records into.</summary>
    public static bool IsLog(Replication.PgRelation relation) => relation.Schema == PgDdlTrigger.Schema && relation.Name == PgDdlTrigger.Table;

    public static PgRecordedDdl Read(Replication.PgRelation relation, PgTuple row)
    {
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(row);
        string? Value(string column)
        {
            for (var i = 0; i < relation.Columns.Count; i++)
            {
                if (relation.Columns[i].Name == column)
                {
                    return row[i];
                }
            }

            return null;
        }

        var objects = new List<PgRecordedDdlObject>();
        if (Value("objects") is { } json)
        {
            using var document = JsonDocument.Parse(json);
            foreach (var o in document.RootElement.EnumerateArray())
            {
                objects.Add(new PgRecordedDdlObject(Text(o, "tag"), Text(o, "type"), Text(o, "schema"), Text(o, "name")));
            }
        }

        return new PgRecordedDdl(Value("tag") ?? string.Empty, objects, Value("search_path") ?? string.Empty, Value("query") ?? string.Empty);
    }

    private static string Text(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
}
