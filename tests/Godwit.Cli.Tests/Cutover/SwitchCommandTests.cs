using Godwit.Cli.Cutover;
using Godwit.Core.Connections;
using Godwit.Core.Engines.Cutover;

namespace Godwit.Cli.Tests.Cutover;

public sealed class SwitchCommandTests
{
    [Fact]
    public async Task The_switch_command_does_not_inherit_godwits_passwords_but_gets_the_routing_facts()
    {
        // A variable name of this test's own: setting it cannot disturb other tests running in this process.
        var name = $"GODWIT_SWITCHTEST_{Guid.NewGuid():N}_PASSWORD";
        Environment.SetEnvironmentVariable(name, "inherited-secret");
        try
        {
            var lines = new List<string>();
            await SwitchCommand.RunAsync(
                "env",
                "target",
                7,
                "/tmp/routing.json",
                ConnectionUri.Parse("mysql://u:p@127.0.0.1:3307/shop"),
                ConnectionUri.Parse("postgresql://u:p@127.0.0.1:5433/shop"),
                TimeSpan.FromMinutes(1),
                line => { lock (lines) { lines.Add(line); } },
                CancellationToken.None);

            var output = string.Join('\n', lines);
            Assert.Contains("GODWIT_PRIMARY=target", output, StringComparison.Ordinal);
            Assert.Contains("GODWIT_ROUTING_VERSION=7", output, StringComparison.Ordinal);
            Assert.DoesNotContain(name, output, StringComparison.Ordinal);
            Assert.DoesNotContain("inherited-secret", output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
