namespace Godwit.Core.Tenants;

/// <summary>A tenant move refused or stopped, with what to do about it; nothing that was not said was changed.</summary>
public sealed class TenantMoveException : Exception
{
    public TenantMoveException(string message)
        : base(message)
    {
    }

    public TenantMoveException()
    {
    }

    public TenantMoveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
