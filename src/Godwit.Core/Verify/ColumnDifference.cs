namespace Godwit.Core.Verify;

/// <summary>One differing column of a row: its name and both canonical values (null for NULL).</summary>
public sealed record ColumnDifference(string Column, string? Source, string? Target);
