namespace Godwit.Demo.Traffic;

/// <summary>The app asked for a booking the primary does not have: a lost write if it was ever acknowledged. Never retried.</summary>
public sealed class BookingNotFoundException : Exception
{
    public BookingNotFoundException(string reference)
        : base($"booking {reference} is not on the primary")
    {
        Reference = reference;
    }

    public BookingNotFoundException()
    {
        Reference = string.Empty;
    }

    public BookingNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reference = string.Empty;
    }

    public string Reference { get; }
}
