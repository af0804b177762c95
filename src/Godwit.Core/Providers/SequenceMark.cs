namespace Godwit.Core.Providers;

/// <summary>A sequence no column owns (one a DEFAULT calls, or the application calls itself) and the next value the source would hand out.</summary>
/// <param name="Schema">The sequence's schema (the same on the target).</param>
/// <param name="Name">The sequence's name.</param>
/// <param name="Next">The source's next value (from <c>pg_sequences.last_value</c>, not <c>currval()</c>, which only knows its own session).</param>
public sealed record SequenceMark(string Schema, string Name, decimal Next);
