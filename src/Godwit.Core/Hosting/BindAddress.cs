using System.Globalization;
using System.Net;

namespace Godwit.Core.Hosting;

/// <summary>
/// An address Godwit serves on (<c>--metrics</c>, <c>dashboard --listen</c>): <c>HOST:PORT</c>, or <c>:PORT</c> for
/// loopback; an IP address to bind, never a name to resolve (only <c>localhost</c> is taken, as loopback).
/// </summary>
public static class BindAddress
{
    /// <param name="address">What the option was given.</param>
    /// <param name="option">The option's name, for the message (<c>--metrics</c>).</param>
    /// <param name="examplePort">The port the message's examples show.</param>
    /// <exception cref="FormatException">Not an IP address and port; the message says what is wanted.</exception>
    public static IPEndPoint Parse(string address, string option, int examplePort)
    {
        ArgumentNullException.ThrowIfNull(address);
        var colon = address.LastIndexOf(':');
        var host = colon <= 0 ? "127.0.0.1" : address[..colon].Trim('[', ']');
        var portText = colon < 0 ? address : address[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{option} wants HOST:PORT, e.g. 127.0.0.1:{examplePort} (got '{address}')."));
        }

        var ip = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException(string.Create(
                CultureInfo.InvariantCulture, $"{option} wants an IP address to bind, e.g. 127.0.0.1:{examplePort} or 0.0.0.0:{examplePort} (got '{host}')."));
        return new IPEndPoint(ip, port);
    }
}
