using System.Text.RegularExpressions;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>The metrics' names, types and labels against a golden list, so a rename is a decision (dashboards and alerts use them).</summary>
public sealed partial class MetricNamesTests
{
    private static string GoldenPath => Path.Combine(RepositoryRoot.Path, "tests", "Godwit.Cli.Tests", "Dashboard", "metrics.golden");

    [Fact]
    public void The_exported_metrics_are_the_golden_list()
    {
        var exported = ExportedMetrics.Describe(ExportedMetrics.SyncText(), ExportedMetrics.DashboardText());
        var golden = File.ReadAllLines(GoldenPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Equal(string.Join('\n', golden), string.Join('\n', exported));
    }

    [Fact]
    public void Every_metric_has_help_and_type_and_every_sample_belongs_to_one()
    {
        foreach (var text in new[] { ExportedMetrics.SyncText(), ExportedMetrics.DashboardText() })
        {
            var helped = Help().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var typed = Type().Matches(text).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(typed.Count, typed.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(helped.Order(StringComparer.Ordinal), typed.Order(StringComparer.Ordinal));
            foreach (var line in text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                Assert.Contains(name, typed);
                Assert.True(!name.EndsWith("_total", StringComparison.Ordinal) || Regex.IsMatch(text, $"# TYPE {name} counter"), $"{name} ends in _total but is no counter");
            }
        }
    }

    [Fact]
    public void The_README_documents_every_metric_in_its_table()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var missing = ExportedMetrics.Names().Where(n => !readme.Contains($"| `{n}` |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "README's metrics table lacks: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"^# HELP (\S+) \S", RegexOptions.Multiline)]
    private static partial Regex Help();

    [GeneratedRegex(@"^# TYPE (\S+) (counter|gauge)$", RegexOptions.Multiline)]
    private static partial Regex Type();
}
