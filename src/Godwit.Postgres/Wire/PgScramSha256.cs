using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Godwit.Postgres.Wire;

/// <summary>
/// The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL runs it (protocol docs, "SASL Authentication"):
/// no channel binding ("n,,"), and the user name left empty in the exchange (the server takes the startup packet's).
/// </summary>
internal sealed class PgScramSha256(string password, string clientNonce, string user = "")
{
    public const string Mechanism = "SCRAM-SHA-256";

    private byte[]? _expectedServerSignature;

    public string ClientFirstBare => $"n={user},r={clientNonce}";

    public string ClientFirst => "n,," + ClientFirstBare;

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    /// <summary>The client-final-message for the server-first-message.</summary>
    public string ClientFinal(string serverFirst)
    {
        ArgumentNullException.ThrowIfNull(serverFirst);
        string? nonce = null, salt = null, iterations = null;
        foreach (var part in serverFirst.Split(','))
        {
            if (part.Length < 2 || part[1] != '=')
            {
                continue;
            }

            switch (part[0])
            {
                case 'r': nonce = part[2..]; break;
                case 's': salt = part[2..]; break;
                case 'i': iterations = part[2..]; break;
            }
        }

        if (nonce is null || salt is null || iterations is null || !nonce.StartsWith(clientNonce, StringComparison.Ordinal))
        {
            throw new PgWireException("the server's SCRAM-SHA-256 first message is malformed or does not extend the client's nonce");
        }

        var salted = Rfc2898DeriveBytes.Pbkdf2(
            Encoding.UTF8.GetBytes(password), Convert.FromBase64String(salt), int.Parse(iterations, NumberStyles.None, CultureInfo.InvariantCulture), HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = "c=biws,r=" + nonce;
        var authMessage = Encoding.UTF8.GetBytes(ClientFirstBare + "," + serverFirst + "," + withoutProof);
        var signature = HMACSHA256.HashData(storedKey, authMessage);
        for (var i = 0; i < clientKey.Length; i++)
        {
            clientKey[i] ^= signature[i];
        }

        _expectedServerSignature = HMACSHA256.HashData(HMACSHA256.HashData(salted, "Server Key"u8), authMessage);
        return withoutProof + ",p=" + Convert.ToBase64String(clientKey);
    }

    /// <summary>Checks the server-final-message: the server proves it knows the password too.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        ArgumentNullException.ThrowIfNull(serverFinal);
        if (_expectedServerSignature is null || !serverFinal.StartsWith("v=", StringComparison.Ordinal)
            || !CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(serverFinal[2..]), _expectedServerSignature))
        {
            throw new PgWireException("the server's SCRAM-SHA-256 signature does not match: it does not know the password");
        }
    }
}
