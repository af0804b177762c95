namespace Godwit.Core.Ddl;

/// <summary>Something schema translation could not do as-is, or renamed; assess and <c>godwit schema</c> report these.</summary>
public sealed record SchemaNote(NoteSeverity Severity, string Where, string What, string? Fix = null);
