using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Cutover;

/// <summary>The outcome of waiting for the stream: reached or not, how long it took, the last state, and why it stopped early.</summary>
public sealed record StreamWait(bool Reached, TimeSpan Elapsed, StreamState? State, string? Problem);
