using System.Text;
using Godwit.Core.Sync;
using Godwit.Postgres.Replication;

namespace Godwit.Postgres.Source;

/// <summary>
/// One pgoutput row image as the apply reads it: each value is PostgreSQL's text output, which the target parses back
/// as the same type. A column is left out when pgoutput did not send it: an unchanged TOAST value (the UPDATE must not
/// touch it: DBZ-3835, pgcopydb #350), or, in an old-key image, a column outside the replica identity.
/// </summary>
internal sealed class PgRowImage : ISourceRowImage
{
    private readonly PgTuple _tuple;
    private readonly IReadOnlyList<PgRelationColumn>? _keyOnly;
    private readonly byte[]?[] _bytes;

    /// <param name="tuple">The image.</param>
    /// <param name="keyOnly">The relation's columns when the image carries only the replica identity's (a 'K' tuple).</param>
    public PgRowImage(PgTuple tuple, IReadOnlyList<PgRelationColumn>? keyOnly)
    {
        _tuple = tuple;
        _keyOnly = keyOnly;
        _bytes = new byte[_tuple.Count][];
    }

    public int ColumnCount => _tuple.Count;

    public bool IsIncluded(int ordinal) => !_tuple.IsUnchanged(ordinal) && (_keyOnly is null || _keyOnly[ordinal].IsKey);

    public bool IsNull(int ordinal) => _tuple[ordinal] is null;

    public ReadOnlySpan<byte> GetText(int ordinal) =>
        _tuple[ordinal] is { } value ? _bytes[ordinal] ??= Encoding.UTF8.GetBytes(value) : ReadOnlySpan<byte>.Empty;
}
