using Godwit.Core.Ddl;

namespace Godwit.Postgres.Apply;

/// <summary>A view <see cref="PgDependentViews"/> takes down and makes again: its definition as PostgreSQL keeps it.</summary>
internal sealed record PgDependentView(string Schema, string Name, bool Materialized, string Definition, string[] Options, string? Comment)
{
    public string QualifiedName => PgIdentifier.Qualify(Schema, Name);

    public string CreateStatement =>
        $"CREATE {(Materialized ? "MATERIALIZED VIEW" : "VIEW")} {QualifiedName}"
        + (Options.Length == 0 ? string.Empty : $" WITH ({string.Join(", ", Options)})")
        + $" AS {Definition.TrimEnd().TrimEnd(';')}";
}
