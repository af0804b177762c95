namespace Godwit.Core.Planning;

/// <summary>One table's estimated rows and bytes, and its share of the copy's time.</summary>
public sealed record TableSize(string Table, long Rows, long Bytes, double CopySeconds);
