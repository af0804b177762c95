namespace Godwit.Core.Assessment;

/// <summary>A change <c>godwit assess --fix</c> makes on the source, shown before it is made.</summary>
/// <param name="What">What it fixes, for the operator.</param>
/// <param name="Sql">The statement.</param>
public sealed record SourceFix(string What, string Sql);
