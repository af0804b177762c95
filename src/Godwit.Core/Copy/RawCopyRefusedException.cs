namespace Godwit.Core.Copy;

/// <summary>
/// The target refused a pass-through chunk's data (a value or a constraint). Pass-through data carries no row
/// boundaries the target reports, so the engine rolls the chunk back and copies it again by the converting path, which
/// finds and names the row (table, key, column) or rejects it under <c>--on-error skip</c>.
/// </summary>
public sealed class RawCopyRefusedException : Exception
{
    public RawCopyRefusedException()
    {
    }

    public RawCopyRefusedException(string message)
        : base(message)
    {
    }

    public RawCopyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
