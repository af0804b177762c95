using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>A change stream as its target's state store has it (committed with the rows).</summary>
/// <param name="Stream">The stream's id.</param>
/// <param name="Status">running, caught-up, reconnecting, error, stopped, new.</param>
/// <param name="LastError">The last error recorded, or null.</param>
/// <param name="EventsApplied">Row events applied so far.</param>
/// <param name="Applied">The position applied, or null before the first commit.</param>
public sealed record StreamState(string Stream, string Status, string? LastError, long EventsApplied, StreamPosition? Applied);
