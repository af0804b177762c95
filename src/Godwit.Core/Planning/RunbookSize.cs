namespace Godwit.Core.Planning;

/// <summary>The schema's size as the source's catalog estimates it, and its largest tables.</summary>
public sealed record RunbookSize(int Tables, long Rows, long DataBytes, long IndexBytes, IReadOnlyList<TableSize> Largest);
