namespace Godwit.Core.Assessment;

public enum Severity
{
    /// <summary>The migration cannot proceed until this is fixed (assess exits 2).</summary>
    Blocker,

    Warning,

    Info,
}
