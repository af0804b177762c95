using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Godwit.Postgres.Wire;

/// <summary>
/// Answers the server's authentication requests (protocol docs, "Start-up", the AuthenticationXXX messages): none
/// (trust), cleartext password, MD5 and SCRAM-SHA-256. Any other method, or a password asked for and not given (Npgsql
/// would look in ~/.pgpass), is <see cref="PgWireUnsupportedException"/>: the caller reads through Npgsql instead.
/// </summary>
internal static class PgWireAuthentication
{
    private const int Ok = 0;
    private const int CleartextPassword = 3;
    private const int Md5Password = 5;
    private const int Sasl = 10;
    private const int SaslContinue = 11;
    private const int SaslFinal = 12;

    /// <summary>Reads messages up to AuthenticationOk, answering each request.</summary>
    public static void Run(PgWireTransport transport, PgWireSettings settings)
    {
        PgScramSha256? scram = null;
        while (true)
        {
            var body = transport.ReadMessage(out var type);
            if (type == (byte)'E')
            {
                throw PgWireException.FromErrorResponse(body);
            }

            if (type != (byte)'R')
            {
                throw new PgWireException($"the server sent message '{(char)type}' during authentication");
            }

            var request = BinaryPrimitives.ReadInt32BigEndian(body);
            switch (request)
            {
                case Ok:
                    return;
                case CleartextPassword:
                    transport.SendMessage((byte)'p', NulTerminated(Password(settings)));
                    break;
                case Md5Password:
                    transport.SendMessage((byte)'p', NulTerminated(Md5(Password(settings), settings.User, body.Slice(4, 4))));
                    break;
                case Sasl:
                    if (!Mechanisms(body[4..]).Contains(PgScramSha256.Mechanism))
                    {
                        throw new PgWireUnsupportedException("the server offers no SASL mechanism the wire client knows");
                    }

                    scram = new PgScramSha256(Password(settings), PgScramSha256.NewNonce());
                    transport.SendMessage((byte)'p', SaslInitialResponse(scram.ClientFirst));
                    break;
                case SaslContinue when scram is not null:
                    transport.SendMessage((byte)'p', Encoding.UTF8.GetBytes(scram.ClientFinal(Encoding.UTF8.GetString(body[4..]))));
                    break;
                case SaslFinal when scram is not null:
                    scram.VerifyServerFinal(Encoding.UTF8.GetString(body[4..]));
                    break;
                default:
                    throw new PgWireUnsupportedException($"the server asks for authentication method {request}, which the wire client does not do");
            }
        }
    }

    /// <summary>
    /// The password, ASCII only: SCRAM passwords go through SASLprep on the server, which this client does not do (and
    /// an invariant-globalization build cannot normalize); Npgsql handles the others.
    /// </summary>
    private static string Password(PgWireSettings settings) =>
        settings.Password is { } p && Ascii.IsValid(p) ? p : throw new PgWireUnsupportedException("no ASCII password in the settings");

    private static byte[] NulTerminated(string text) => Encoding.UTF8.GetBytes(text + "\0");

    /// <summary>"md5" + md5hex(md5hex(password + user) + salt) (protocol docs, AuthenticationMD5Password).</summary>
    private static string Md5(string password, string user, ReadOnlySpan<byte> salt)
    {
#pragma warning disable CA5351 // MD5 is what the server's md5 method asks for; SCRAM is used where the server allows it.
        var inner = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user)));
        byte[] salted = [.. Encoding.ASCII.GetBytes(inner), .. salt];
        return "md5" + Convert.ToHexStringLower(MD5.HashData(salted));
#pragma warning restore CA5351
    }

    private static List<string> Mechanisms(ReadOnlySpan<byte> list)
    {
        var names = new List<string>();
        while (list.Length > 0 && list[0] != 0 && PgWireStrings.TryRead(ref list, out var name))
        {
            names.Add(name);
        }

        return names;
    }

    private static byte[] SaslInitialResponse(string clientFirst)
    {
        var data = Encoding.UTF8.GetBytes(clientFirst);
        var message = new byte[PgScramSha256.Mechanism.Length + 1 + 4 + data.Length];
        Encoding.ASCII.GetBytes(PgScramSha256.Mechanism, message);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(PgScramSha256.Mechanism.Length + 1), data.Length);
        data.CopyTo(message.AsSpan(PgScramSha256.Mechanism.Length + 5));
        return message;
    }
}
