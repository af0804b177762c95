using System.Globalization;
using System.Net;

namespace Godwit.Dashboard;

/// <summary><c>--listen HOST:PORT</c> (or <c>:PORT</c>, which means loopback): an IP address to bind, never a name to resolve.</summary>
public static class ListenAddress
{
    public const string Default = "127.0.0.1:8080";

    /// <exception cref="FormatException">Not an IP address and port; the message says what is wanted.</exception>
    public static IPEndPoint Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        var host = colon <= 0 ? "127.0.0.1" : address[..colon].Trim('[', ']');
        var portText = colon < 0 ? address : address[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"--listen wants HOST:PORT, e.g. {Default} (got '{address}').");
        }

        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException($"--listen wants an IP address to bind, e.g. {Default} or 0.0.0.0:8080 (got '{host}').");
        return new IPEndPoint(ip, port);
    }
}
