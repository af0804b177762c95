using System.Net;
using Godwit.Core.Hosting;

namespace Godwit.Dashboard;

/// <summary><c>--listen HOST:PORT</c> (or <c>:PORT</c>, which means loopback): an IP address to bind, never a name to resolve (<see cref="BindAddress"/>).</summary>
public static class ListenAddress
{
    public const string Default = "127.0.0.1:8080";

    /// <exception cref="FormatException">Not an IP address and port; the message says what is wanted.</exception>
    public static IPEndPoint Parse(string address) => BindAddress.Parse(address, "--listen", 8080);
}
