using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Godwit.Testing;
using YamlDotNet.RepresentationModel;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>
/// deploy/: the Grafana dashboard and the Prometheus alert rules are valid, name only metrics Godwit exports, and each
/// alert fires on the series it is meant for (promtool, from Debian's prometheus package).
/// </summary>
public sealed partial class DeployFilesTests
{
    private static string Deploy => Path.Combine(RepositoryRoot.Path, "deploy");

    private static string Rules => Path.Combine(Deploy, "prometheus", "godwit-alerts.yml");

    [Fact]
    public void The_Grafana_dashboard_is_valid_JSON_whose_every_query_names_exported_metrics()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Deploy, "grafana", "godwit-dashboard.json")));
        var panels = json.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        var expressions = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!)).ToList();

        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.True(p.GetProperty("targets").GetArrayLength() > 0, p.GetProperty("title").GetString()));
        AssertNamesExportedMetrics(expressions);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
    }

    [Fact]
    public void Every_alert_expression_names_exported_metrics()
    {
        var rules = AlertRules();

        Assert.Contains("GodwitReplicationLagHigh", rules.Keys);
        Assert.Contains("GodwitStreamStalled", rules.Keys);
        Assert.Contains("GodwitErrorsRising", rules.Keys);
        Assert.Contains("GodwitVerifyMismatch", rules.Keys);
        Assert.Contains("GodwitSourceRetentionHigh", rules.Keys);
        AssertNamesExportedMetrics(rules.Values);
    }

    [Fact]
    public async Task Promtool_accepts_the_rules_and_each_alert_fires_in_its_unit_test()
    {
        var check = await PromtoolAsync("check", "rules", "godwit-alerts.yml");
        var test = await PromtoolAsync("test", "rules", "godwit-alerts.test.yml");

        Assert.True(check.Code == 0, check.Output);
        Assert.Contains($"SUCCESS: {AlertRules().Count} rules found", check.Output, StringComparison.Ordinal);
        Assert.True(test.Code == 0, test.Output);
        var tested = TestedAlert().Matches(File.ReadAllText(Path.Combine(Deploy, "prometheus", "godwit-alerts.test.yml"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var untested = AlertRules().Keys.Where(a => !tested.Contains(a)).ToList();
        Assert.True(untested.Count == 0, "alerts without a unit test: " + string.Join(", ", untested));
    }

    private static void AssertNamesExportedMetrics(IEnumerable<string> expressions)
    {
        var exported = ExportedMetrics.Names();
        foreach (var expr in expressions)
        {
            var named = MetricName().Matches(expr).Select(m => m.Value).ToList();
            Assert.True(named.Count > 0, $"'{expr}' names no Godwit metric");
            var unknown = named.Where(n => !exported.Contains(n)).ToList();
            Assert.True(unknown.Count == 0, $"'{expr}' names metrics Godwit does not export: {string.Join(", ", unknown)}");
        }
    }

    /// <summary>Alert name → expression.</summary>
    private static Dictionary<string, string> AlertRules()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Rules))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlSequenceNode)root["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .ToDictionary(r => ((YamlScalarNode)r["alert"]).Value!, r => ((YamlScalarNode)r["expr"]).Value!, StringComparer.Ordinal);
    }

    private static async Task<(int Code, string Output)> PromtoolAsync(params string[] args)
    {
        var start = new ProcessStartInfo(DebianTools.Promtool, args)
        {
            WorkingDirectory = Path.Combine(Deploy, "prometheus"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"\bmigration_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"alertname: (\w+)")]
    private static partial Regex TestedAlert();
}
