using Godwit.Core.Ddl;

namespace Godwit.Core.Engines.Copy;

/// <summary>What the post-data phase did: notes for statements that failed softly, and DDL deferred to CDC.</summary>
public sealed record PostDataResult(IReadOnlyList<SchemaNote> Notes, IReadOnlyList<string> Deferred);
