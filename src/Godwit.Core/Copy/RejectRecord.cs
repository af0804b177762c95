namespace Godwit.Core.Copy;

/// <summary>A row the target refused or the conversion could not handle.</summary>
public sealed record RejectRecord(string Table, string Key, string? Column, string? Value, string Reason);
