namespace Godwit.Demo;

/// <summary>A booking's life: pending until paid in full, then confirmed; cancelled from either (its payments refunded).</summary>
public enum BookingStatus
{
    Pending,
    Confirmed,
    Cancelled,
}
