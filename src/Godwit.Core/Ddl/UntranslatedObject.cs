namespace Godwit.Core.Ddl;

/// <summary>
/// A view, trigger or routine Godwit did not translate: its original MySQL text, the closest translation as a starting
/// point (may be partial or null), and the reason. <c>godwit schema --emit-untranslated DIR</c> writes these out.
/// </summary>
public sealed record UntranslatedObject(string Kind, string Name, string Original, string? Closest, string Reason);
