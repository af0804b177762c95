namespace Godwit.Core.Schema;

public sealed record SourceRoutine
{
    public required string Name { get; init; }

    /// <summary>PROCEDURE or FUNCTION.</summary>
    public required string Kind { get; init; }

    /// <summary>The body (BEGIN … END or one statement); null when the source user may not read it.</summary>
    public string? Definition { get; init; }

    /// <summary>A function's return type as MySQL declares it (e.g. <c>decimal(5,2)</c>).</summary>
    public string? Returns { get; init; }

    public IReadOnlyList<SourceRoutineParameter> Parameters { get; init; } = [];

    /// <summary>DETERMINISTIC (a hint MySQL does not check).</summary>
    public bool IsDeterministic { get; init; }

    /// <summary>CONTAINS SQL, NO SQL, READS SQL DATA or MODIFIES SQL DATA.</summary>
    public string? DataAccess { get; init; }
}
