namespace Godwit.Core.Copy;

/// <summary>A bad row under <c>--on-error stop</c>: the message names the table, the key and the column.</summary>
public sealed class CopyRowException : Exception
{
    public CopyRowException(RejectRecord reject, Exception? inner = null)
        : base($"{reject?.Table}: row {reject?.Key}" + (reject?.Column is null ? string.Empty : $", column {reject.Column}")
            + (reject?.Value is null ? string.Empty : $", value {reject.Value}") + $": {reject?.Reason}", inner)
    {
        Reject = reject!;
    }

    public CopyRowException()
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, string.Empty);
    }

    public CopyRowException(string message)
        : base(message)
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, message);
    }

    public CopyRowException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reject = new RejectRecord(string.Empty, string.Empty, null, null, message);
    }

    public RejectRecord Reject { get; }
}
