using Godwit.Core.Specs;

namespace Godwit.Core.Ddl;

/// <summary>Options of schema translation.</summary>
public sealed record DdlOptions
{
    /// <summary>The target schema; null means the source database's name (case-folded).</summary>
    public string? TargetSchema { get; init; }

    public IdentifierCase IdentifierCase { get; init; } = IdentifierCase.Lower;

    /// <summary>Emit triggers that emulate ON UPDATE CURRENT_TIMESTAMP.</summary>
    public bool OnUpdateTriggers { get; init; }

    public string ResolveTargetSchema(string sourceDatabase) =>
        TargetSchema ?? PgIdentifier.Fit(PgIdentifier.Fold(sourceDatabase, IdentifierCase));
}
