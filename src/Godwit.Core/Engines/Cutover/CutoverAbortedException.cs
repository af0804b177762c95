namespace Godwit.Core.Engines.Cutover;

/// <summary>A step failed in a way the cutover handles by aborting: the source stays (or is made) writable.</summary>
public sealed class CutoverAbortedException : Exception
{
    public CutoverAbortedException(string message)
        : base(message)
    {
    }

    public CutoverAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CutoverAbortedException()
    {
    }
}
