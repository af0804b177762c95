using System.Globalization;
using System.Text;

namespace Godwit.Core.Dashboard;

/// <summary>Writes the Prometheus text exposition format (0.0.4): one HELP and TYPE per metric, then its samples.</summary>
public sealed class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    /// <summary>Starts a metric; its samples follow with <see cref="Sample"/>.</summary>
    public PrometheusWriter Metric(string name, string type, string help)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample; label values are escaped, a null value is left out (unknown is not zero).</summary>
    public PrometheusWriter Sample(string name, double? value, params (string Name, string Value)[] labels)
    {
        if (value is null)
        {
            return this;
        }

        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{').AppendJoin(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
        }

        _text.Append(' ').Append(value.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
