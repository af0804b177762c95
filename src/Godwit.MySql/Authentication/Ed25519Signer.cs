using System.Numerics;
using System.Security.Cryptography;

namespace Godwit.MySql.Authentication;

/// <summary>
/// Ed25519 signing (RFC 8032, section 5.1), written out because the BCL has no Ed25519. Used once
/// per connection by MariaDB's client_ed25519, so clarity wins over speed: plain BigInteger field
/// arithmetic in extended twisted Edwards coordinates, not constant-time. The secret never leaves
/// the process; only the signature of the server's nonce is sent.
/// </summary>
internal static class Ed25519Signer
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger D2 = Mod(2 * D);
    private static readonly (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) BasePoint = CreateBasePoint();

    /// <summary>
    /// Signs <paramref name="message"/> with the key derived from <paramref name="seed"/>: SHA-512 of
    /// the seed gives the clamped scalar and the nonce prefix. MariaDB uses the password as the seed.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        var hash = SHA512.HashData(seed);
        hash[0] &= 248;
        hash[31] &= 127;
        hash[31] |= 64;
        var a = new BigInteger(hash.AsSpan(0, 32), isUnsigned: true, isBigEndian: false);
        var publicKey = Encode(Multiply(BasePoint, a));

        var r = Reduce(SHA512.HashData([.. hash.AsSpan(32, 32), .. message]));
        var encodedR = Encode(Multiply(BasePoint, r));
        var k = Reduce(SHA512.HashData([.. encodedR, .. publicKey, .. message]));
        var s = (r + (k * a)) % L;

        var signature = new byte[64];
        encodedR.CopyTo(signature, 0);
        s.TryWriteBytes(signature.AsSpan(32), out _, isUnsigned: true, isBigEndian: false);
        return signature;
    }

    /// <summary>The public key for <paramref name="seed"/> (what the server stores), for tests.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        var hash = SHA512.HashData(seed);
        hash[0] &= 248;
        hash[31] &= 127;
        hash[31] |= 64;
        return Encode(Multiply(BasePoint, new BigInteger(hash.AsSpan(0, 32), isUnsigned: true, isBigEndian: false)));
    }

    private static BigInteger Reduce(byte[] hash) => new BigInteger(hash, isUnsigned: true, isBigEndian: false) % L;

    private static BigInteger Mod(BigInteger value)
    {
        var result = value % P;
        return result.Sign < 0 ? result + P : result;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(value, P - 2, P);

    // RFC 8032 5.1.4: the unified addition formula, valid for doubling as well.
    private static (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) Add(
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) p, (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) q)
    {
        var a = Mod((p.Y - p.X) * (q.Y - q.X));
        var b = Mod((p.Y + p.X) * (q.Y + q.X));
        var c = Mod(p.T * D2 * q.T);
        var d = Mod(p.Z * 2 * q.Z);
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return (Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) Multiply(
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) point, BigInteger scalar)
    {
        (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) result = (0, 1, 1, 0);
        var addend = point;
        while (!scalar.IsZero)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            scalar >>= 1;
        }

        return result;
    }

    /// <summary>32 bytes: y little-endian, with the low bit of x in the top bit.</summary>
    private static byte[] Encode((BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) point)
    {
        var zInverse = Inverse(point.Z);
        var x = Mod(point.X * zInverse);
        var y = Mod(point.Y * zInverse);
        var bytes = new byte[32];
        y.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        if (!x.IsEven)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    private static (BigInteger X, BigInteger Y, BigInteger Z, BigInteger T) CreateBasePoint()
    {
        var y = Mod(4 * Inverse(5));
        // x = sqrt((y^2 - 1) / (d y^2 + 1)), choosing the even root (RFC 8032 5.1.3).
        var u = Mod((y * y) - 1);
        var v = Mod((D * y * y) + 1);
        var x2 = Mod(u * Inverse(v));
        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod(x * x) != x2)
        {
            x = Mod(x * BigInteger.ModPow(2, (P - 1) / 4, P));
        }

        if (!x.IsEven)
        {
            x = P - x;
        }

        return (x, y, 1, Mod(x * y));
    }
}
