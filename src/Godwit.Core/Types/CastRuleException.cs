namespace Godwit.Core.Types;

/// <summary>A type rule that cannot be applied; the message names the spec line (e.g. <c>godwit.yaml:12</c>).</summary>
public sealed class CastRuleException : Exception
{
    public CastRuleException(string message)
        : base(message)
    {
    }

    public CastRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CastRuleException()
    {
    }
}
