using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>Where a stream starts reading, and the position the target holds at that point (null when only GTIDs say it).</summary>
public sealed record StreamStart(StreamPosition Start, StreamPosition? Committed);
