namespace Godwit.Core.Providers.Changes;

/// <summary>A source transaction starts (a BEGIN, a GTID event, a table map): the stream is inside one until its end.</summary>
public sealed class ChangeBegin : ChangeEvent
{
    public static ChangeBegin Instance { get; } = new();
}
