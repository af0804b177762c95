using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Godwit.Demo.Seeding;

/// <summary>
/// A SCRAM-SHA-256 verifier for a PostgreSQL role's password, made on the client (RFC 5802/7677, as libpq's
/// <c>PQencryptPasswordConn</c> makes it): <c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>. Given to
/// <c>CREATE ROLE … PASSWORD</c>, the server stores it as it is, so the password itself never enters SQL text
/// (statement logs, pg_stat_activity). PostgreSQL normalises the password with SASLprep before hashing; this uses
/// Unicode NFKC, which is the same for every password SASLprep leaves alone (ASCII, as the demo's random ones are).
/// </summary>
internal static class PgScramVerifier
{
    public const int DefaultIterations = 4096;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormKC)), salt, iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
    }
}
