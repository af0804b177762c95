using System.Text;

namespace Godwit.Postgres.Wire;

/// <summary>The protocol's String: UTF-8 text ended by a NUL byte (protocol docs, "Message Data Types").</summary>
internal static class PgWireStrings
{
    /// <summary>Reads one String off the front of <paramref name="data"/> and moves past its NUL; false when no NUL ends it.</summary>
    public static bool TryRead(ref ReadOnlySpan<byte> data, out string value)
    {
        var end = data.IndexOf((byte)0);
        if (end < 0)
        {
            value = string.Empty;
            return false;
        }

        value = Encoding.UTF8.GetString(data[..end]);
        data = data[(end + 1)..];
        return true;
    }
}
