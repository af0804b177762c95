using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>Naming inputs the rule engine needs for user-defined types (pg-enum).</summary>
public sealed record CastOptions
{
    /// <summary>The PostgreSQL schema enum types are created in.</summary>
    public string TargetSchema { get; init; } = "public";

    public IdentifierCase IdentifierCase { get; init; } = IdentifierCase.Lower;
}
