using System.Runtime.InteropServices;

namespace Godwit.MySql.Protocol;

/// <summary>
/// The CLIENT_CONNECT_ATTRS key/value pairs; names starting with '_' are the reserved client
/// attributes (performance_schema.session_connect_attrs shows them).
/// </summary>
internal static class ConnectionAttributes
{
    private static readonly string ClientVersion =
        typeof(ConnectionAttributes).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public static void Write(MySqlPayloadWriter writer, string applicationName)
    {
        using var attributes = new MySqlPayloadWriter();
        Add(attributes, "_client_name", "godwit");
        Add(attributes, "_client_version", ClientVersion);
        Add(attributes, "_os", RuntimeInformation.OSDescription);
        Add(attributes, "_platform", RuntimeInformation.ProcessArchitecture.ToString());
        Add(attributes, "_pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(attributes, "_runtime_version", Environment.Version.ToString());
        Add(attributes, "program_name", applicationName);
        writer.WriteLengthEncodedBytes(attributes.Payload);
    }

    private static void Add(MySqlPayloadWriter writer, string key, string value)
    {
        writer.WriteLengthEncodedString(key);
        writer.WriteLengthEncodedString(value.Length > 255 ? value[..255] : value);
    }
}
