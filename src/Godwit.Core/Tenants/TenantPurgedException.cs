namespace Godwit.Core.Tenants;

/// <summary>A rollback refused because the tenant's rows were purged from the source (its way back is gone).</summary>
public sealed class TenantPurgedException : Exception
{
    public TenantPurgedException(string message)
        : base(message)
    {
    }

    public TenantPurgedException()
    {
    }

    public TenantPurgedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
