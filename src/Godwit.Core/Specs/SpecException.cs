namespace Godwit.Core.Specs;

/// <summary>A spec file that cannot be used; the message names the file, the line and the key.</summary>
public sealed class SpecException : Exception
{
    public SpecException(string message)
        : base(message)
    {
    }

    public SpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SpecException()
    {
    }
}
