using Godwit.Core.Positions;

namespace Godwit.Core.Engines.Sync;

/// <summary>A commit of the apply under way: what it commits, recorded once <see cref="Done"/> completes.</summary>
/// <param name="Done">Completes when the target has committed (faults when it has not).</param>
/// <param name="Position">The source position committed with the rows.</param>
/// <param name="Transactions">Source transactions in it.</param>
/// <param name="At">When it was submitted.</param>
/// <param name="Lag">The lag at submission.</param>
/// <param name="LastEventTime">The source time of its last event.</param>
internal sealed record SubmittedCommit(Task Done, StreamPosition Position, long Transactions, DateTimeOffset At, TimeSpan Lag, DateTimeOffset? LastEventTime);
