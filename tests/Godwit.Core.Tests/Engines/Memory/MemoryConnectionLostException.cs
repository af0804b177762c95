namespace Godwit.Core.Tests.Engines.Memory;

/// <summary>The test double's lost connection (source or target): a reconnect cures it.</summary>
internal sealed class MemoryConnectionLostException : Exception
{
    public MemoryConnectionLostException(string message)
        : base(message)
    {
    }

    /// <summary>Whether the target's connection was lost (else the source's).</summary>
    public bool OnTarget => Message.Contains("target", StringComparison.Ordinal);

    public MemoryConnectionLostException()
    {
    }

    public MemoryConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
