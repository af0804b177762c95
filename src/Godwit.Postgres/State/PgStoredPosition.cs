using Godwit.Core.Positions;

namespace Godwit.Postgres.State;

/// <summary>
/// How the state store keeps a <see cref="StreamPosition"/>: its engine and token in columns of their own (state schema
/// version 3), and for a MySQL source also its binlog file, offset and GTIDs, which status, cutover records and
/// operators' scripts read. A row written before version 3 has only the binlog columns and is read through them.
/// </summary>
public static class PgStoredPosition
{
    /// <summary>The columns a position is written to.</summary>
    public static (string? Engine, string? Token, string? File, long? Offset, string? Gtids) Columns(StreamPosition? position)
    {
        if (position is null)
        {
            return default;
        }

        var (file, offset, gtids) = position.Engine == MySqlPositionCodec.EngineName ? MySqlPositionCodec.Parts(position) : default;
        return (position.Engine, position.Token, file, offset, gtids);
    }

    /// <summary>The position read back: engine and token when the row has them, else the binlog columns of an older row.</summary>
    public static StreamPosition? Read(string? engine, string? token, string? file, long? offset, string? gtids) =>
        engine is not null && token is not null ? new StreamPosition(engine, token) : MySqlPositionCodec.Of(file, offset, gtids);
}
