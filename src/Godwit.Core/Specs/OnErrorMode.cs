namespace Godwit.Core.Specs;

/// <summary>What the copy does with a row the target refuses.</summary>
public enum OnErrorMode
{
    /// <summary>Stop, naming the table, key and column.</summary>
    Stop,

    /// <summary>Write the row to the reject file and go on; the summary counts it.</summary>
    Skip,
}
