using System.CommandLine;
using Godwit.Core.Connections;
using Godwit.Routing;

namespace Godwit.Demo.Commands;

/// <summary>
/// <c>godwit-demo route</c>: writes the routing file the app starts from, as an operator would before starting the
/// app: primary "source", version 0, so that whatever godwit writes later (migrate --follow, cutover) is newer.
/// </summary>
internal static class RouteCommand
{
    public static Command Create(TextWriter stdout)
    {
        var file = new Option<FileInfo>("--routing-file") { Description = "The routing file to write.", Required = true, HelpName = "FILE" };
        var source = new Option<string?>("--source") { Description = "The source URI, recorded (masked) for information.", HelpName = "URI" };
        var target = new Option<string?>("--target") { Description = "The target URI, recorded (masked) for information.", HelpName = "URI" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file (by default it is left as it is)." };
        var command = new Command("route", "Write the routing file the app starts from (primary source, version 0), unless it exists.")
        {
            file, source, target, force,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!parse.GetValue(force) && await RoutingFile.ReadAsync(path, ct) is { } existing)
            {
                await stdout.WriteLineAsync($"route: {path} exists (primary {existing.Primary.ToString().ToLowerInvariant()}, version {existing.Version}); left as it is");
                return DemoExitCode.Success;
            }

            var state = new RoutingState
            {
                Primary = RoutingPrimary.Source,
                Version = 0,
                Source = Masked(parse.GetValue(source)),
                Target = Masked(parse.GetValue(target)),
            };
            await RoutingFile.WriteAsync(path, state, ct);
            await stdout.WriteLineAsync($"route: wrote {path} (primary source, version 0)");
            return DemoExitCode.Success;
        });
        return command;
    }

    private static string? Masked(string? uri) => uri is null ? null : ConnectionUri.Parse(uri).ToString();
}
