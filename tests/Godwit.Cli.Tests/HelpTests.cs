using System.CommandLine;
using Godwit.Core.Connections;

namespace Godwit.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Help_lists_the_commands_that_exist()
    {
        var run = await CliRun.InvokeAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ping", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("--spec", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        var root = GodwitCli.BuildRoot(
            CliConsole.FromWriters(TextWriter.Null, TextWriter.Null),
            new SpecResolver(new PasswordResolver(_ => null, null), Path.GetTempPath()));
        Assert.NotEmpty(root.Subcommands);

        foreach (var command in root.Subcommands)
        {
            var run = await CliRun.InvokeAsync([command.Name, "--help"]);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Usage:", run.StdOut, StringComparison.Ordinal);
            Assert.Contains(command.Name, run.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_command_is_an_error()
    {
        var run = await CliRun.InvokeAsync(["fly"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("fly", run.StdErr, StringComparison.Ordinal);
    }
}
