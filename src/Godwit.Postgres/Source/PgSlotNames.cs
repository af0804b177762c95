using System.Security.Cryptography;
using System.Text;

namespace Godwit.Postgres.Source;

/// <summary>
/// The replication slot and publication a stream reads through, named from its stream key (target and stream name,
/// <see cref="Core.Providers.StreamKeys"/>): the copy that creates them and the sync that reads them find the same
/// ones, and two targets of one source never share a slot. <c>godwit_</c>, the stream's name folded to what a slot
/// name allows, and 8 hex digits of the key's hash; at most 56 characters (the limit is 63).
/// </summary>
public static class PgSlotNames
{
    public const string Prefix = "godwit_";

    public static string For(string streamKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(streamKey);
        var stream = streamKey[(streamKey.LastIndexOf('/') + 1)..];
        var folded = new StringBuilder();
        foreach (var c in stream.ToLowerInvariant())
        {
            folded.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        var name = folded.Length > 40 ? folded.ToString(0, 40) : folded.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(streamKey)))[..8];
        return $"{Prefix}{name}_{hash}";
    }

    /// <summary>The temporary slot a copy attempt exports its snapshot from (random: one left by a killed run may linger until its walsender notices).</summary>
    public static string ForSnapshot(string slot) => slot + "_s" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
}
