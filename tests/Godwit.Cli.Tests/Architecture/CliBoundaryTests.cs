using System.Text.RegularExpressions;

namespace Godwit.Cli.Tests.Architecture;

/// <summary>The CLI holds commands and display only: drivers and providers are reached through the registry's contracts.</summary>
public sealed partial class CliBoundaryTests
{
    [Fact]
    public void No_file_of_the_CLI_uses_a_driver_or_a_provider_type()
    {
        var cli = Path.Combine(RepositoryRoot.Path, "src", "Godwit.Cli");
        var files = Directory.EnumerateFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var offending = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(cli, f), Line: i + 1, Text: line)))
            .Where(l => DriverReference().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(offending.Count == 0, "the CLI reaches past the provider contracts:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void The_boundary_check_sees_each_kind_of_driver_reference()
    {
        Assert.Matches(DriverReference(), "using Godwit.MySql;");
        Assert.Matches(DriverReference(), "using Godwit.MySql.Binlog;");
        Assert.Matches(DriverReference(), "await using var pg = new Npgsql.NpgsqlConnection(s);");
        Assert.Matches(DriverReference(), "using Godwit.Postgres.Apply;");
        Assert.Matches(DriverReference(), "using Godwit.Providers.MySql.Control;");
        Assert.DoesNotMatch(DriverReference(), "using Godwit.Providers;");
        Assert.DoesNotMatch(DriverReference(), "using Godwit.Core.Providers;");
    }

    [GeneratedRegex(@"\b(Godwit\.MySql|Godwit\.Postgres|Godwit\.Providers\.MySql|Npgsql)\b")]
    private static partial Regex DriverReference();
}
