using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Providers;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit ping</c>: connects to the source and/or target and reports each server's product, version,
/// connect time and round trip. The first thing to run when setting a migration up.
/// </summary>
public static class PingCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var command = new Command("ping", "Connect to the source and/or target and report each server's version and round-trip time.")
        {
            source,
            target,
            json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var endpoints = new List<(string Role, ConnectionUri Uri)>();
            if (specs.Endpoint(parse.GetValue(source), spec.Source, EndpointRole.Source, spec.Origin) is { } s)
            {
                endpoints.Add(("source", s));
            }

            if (specs.Endpoint(parse.GetValue(target), spec.Target, EndpointRole.Target, spec.Origin) is { } t)
            {
                endpoints.Add(("target", t));
            }

            if (endpoints.Count == 0)
            {
                throw new CliException("nothing to ping: pass --source and/or --target (or set them in godwit.yaml).");
            }

            var results = new List<(string Role, ConnectionUri Uri, ServerInfo? Info, string? Error)>();
            foreach (var (role, uri) in endpoints)
            {
                try
                {
                    results.Add((role, uri, await ProbeAsync(uri, ct), null));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    results.Add((role, uri, null, GodwitCli.Describe(ex)));
                }
            }

            if (parse.GetValue(json))
            {
                WriteJson(console, results);
            }
            else
            {
                WriteTable(console, results);
            }

            foreach (var failed in results.Where(r => r.Error is not null))
            {
                console.Diagnostic($"godwit: error: {failed.Role} {failed.Uri}: {failed.Error}");
            }

            return results.Any(r => r.Error is not null) ? ExitCode.Error : ExitCode.Success;
        });
        return command;
    }

    private static Task<ServerInfo> ProbeAsync(ConnectionUri uri, CancellationToken ct) => ProviderRegistry.ProbeAsync(uri, ct);

    private static void WriteTable(CliConsole console, List<(string Role, ConnectionUri Uri, ServerInfo? Info, string? Error)> results)
    {
        if (results.All(r => r.Info is null))
        {
            return;
        }

        var table = new Table().AddColumns("endpoint", "uri", "server", "connect", "round trip");
        foreach (var (role, uri, info, _) in results.Where(r => r.Info is not null))
        {
            table.AddRow(
                Markup.Escape(role),
                Markup.Escape(uri.ToString()),
                Markup.Escape($"{info!.Product} {info.Version}"),
                Ms(info.ConnectTime),
                Ms(info.RoundTrip));
        }

        console.Out.Write(table);
    }

    private static void WriteJson(CliConsole console, List<(string Role, ConnectionUri Uri, ServerInfo? Info, string? Error)> results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var (role, uri, info, error) in results)
            {
                w.WriteStartObject(role);
                w.WriteString("uri", uri.ToString());
                w.WriteBoolean("ok", info is not null);
                if (info is not null)
                {
                    w.WriteString("product", info.Product);
                    w.WriteString("version", info.Version);
                    w.WriteNumber("connect_ms", Math.Round(info.ConnectTime.TotalMilliseconds, 2));
                    w.WriteNumber("round_trip_ms", Math.Round(info.RoundTrip.TotalMilliseconds, 2));
                }
                else
                {
                    w.WriteString("error", error);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        console.StdOut.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
