namespace Godwit.Demo;

/// <summary>A usage or setup problem the tool reports as one line and exit code 1.</summary>
public sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DemoException()
    {
    }
}
