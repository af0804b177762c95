using System.Security.Cryptography;
using System.Text;

namespace Godwit.Core.Verify;

/// <summary>
/// The id of a verify run, derived from what it compares (endpoints without passwords, target schema, mode,
/// tables), so running the same command again after a kill finds the unfinished run and resumes it.
/// </summary>
public static class VerifyRunId
{
    public static string For(string source, string target, string targetSchema, VerifyMode mode, IEnumerable<string> tables)
    {
        var text = string.Join('\n', [source, target, targetSchema, mode.ToString(), .. tables.Order(StringComparer.Ordinal)]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
