using Godwit.Core.Positions;

namespace Godwit.Core.Providers;

/// <summary>What <see cref="IApplySession.ResolveStartAsync"/> decides from.</summary>
/// <param name="SourceSchema">The source schema (MySQL database) the stream reads.</param>
/// <param name="TargetSchema">The target schema it writes.</param>
/// <param name="ExplicitStart"><c>--from</c>, on the stream's first connection only (a reconnect resumes from what was committed).</param>
public sealed record StreamStartRequest(string SourceSchema, string TargetSchema, StreamPosition? ExplicitStart);
