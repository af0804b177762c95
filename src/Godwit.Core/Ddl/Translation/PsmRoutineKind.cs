namespace Godwit.Core.Ddl.Translation;

/// <summary>What a SQL/PSM body belongs to; it decides what RETURN, LEAVE of the outer block and a bare SELECT mean.</summary>
public enum PsmRoutineKind
{
    Trigger,
    Function,
    Procedure,
}
