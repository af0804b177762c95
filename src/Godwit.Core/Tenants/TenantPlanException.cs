namespace Godwit.Core.Tenants;

/// <summary>A tenant plan that cannot be made from what was asked (an unknown table or column, a path that leads nowhere).</summary>
public sealed class TenantPlanException : Exception
{
    public TenantPlanException(string message)
        : base(message)
    {
    }

    public TenantPlanException()
    {
    }

    public TenantPlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
