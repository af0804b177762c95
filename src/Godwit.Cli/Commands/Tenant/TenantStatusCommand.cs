using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.Core.Tenants;
using Godwit.Providers;
using Godwit.Routing;

namespace Godwit.Cli.Commands.Tenant;

/// <summary>
/// <c>godwit tenant status</c> (and <c>tenant list</c>): every tenant stream on the target (phase, applied position,
/// rows, error) joined with the routing map's tenant entries (primary, version, when switched): a tenant is moving,
/// failed, switched, or rolled back (its entry back on the source). On a PostgreSQL target, the replication slot a
/// switched tenant's reverse stream holds there (and the WAL it keeps) until its purge or rollback.
/// </summary>
public static class TenantStatusCommand
{
    public static Command Create(string name, CliConsole console, SpecResolver specs)
    {
        var target = CommonOptions.Target();
        var map = TenantMoveCommand.RoutingMapOption(required: false);
        var tenant = new Option<string?>("--tenant") { Description = "Show only this tenant.", HelpName = "VALUE" };
        var json = CommonOptions.Json();
        var targetSchema = SchemaSupport.TargetSchema();
        var command = new Command(name, "Show every tenant move into the target database: its stream (status, applied position, events applied, last error) and its routing map entry (primary, version, switched at).")
        {
            target, targetSchema, map, tenant, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            var schema = parse.GetValue(targetSchema) ?? (targetUri.Engine == DatabaseEngine.MySql ? targetUri.Database : null)
                ?? throw new CliException("--target-schema: which schema of the target the tenants moved into (a MySQL target's URI may name its database instead).");
            var prefix = TenantMoveOptions.StreamPrefix(schema);
            var streams = (await ProviderRegistry.Target(targetUri).StreamReportsAsync(ct))
                .Where(s => s.Stream.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(s => s.Stream[prefix.Length..], StringComparer.Ordinal);
            var routes = parse.GetValue(map) is { } path ? await RoutingFile.ReadAsync(path, ct) : null;
            var tenants = streams.Keys.Concat(routes?.Tenants.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (parse.GetValue(tenant) is { } only)
            {
                tenants = [.. tenants.Where(t => t == only)];
            }

            var rows = tenants.Select(t => Describe(t, TenantMoveOptions.StreamFor(schema, t), streams.GetValueOrDefault(t), routes)).ToList();
            if (targetUri.Engine == DatabaseEngine.Postgres)
            {
                // A moved tenant's way back holds a replication slot on the target until its purge or rollback: it keeps WAL.
                var slots = ProviderRegistry.Source(Cutover.ReverseEndpoints.TargetAsSource(targetUri, schema)).TenantSource();
                foreach (var row in rows)
                {
                    var slot = (await slots.SlotsAsync(TenantWayBack.NameFor((string)row["stream"]!), ct)).FirstOrDefault();
                    row["reverse_slot"] = slot?.Name;
                    row["reverse_slot_retained_bytes"] = slot?.RetainedBytes;
                }
            }

            if (parse.GetValue(json))
            {
                console.StdOut.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?> { ["tenants"] = rows }));
            }
            else if (rows.Count == 0)
            {
                console.StdOut.WriteLine("no tenant move on this target yet (run godwit tenant move)");
            }
            else
            {
                foreach (var row in rows)
                {
                    console.StdOut.WriteLine(string.Join("  ", row.Select(kv => $"{kv.Key}={Format(kv.Value)}")));
                }
            }

            return ExitCode.Success;
        });
        return command;
    }

    private static Dictionary<string, object?> Describe(string tenant, string name, StreamReport? stream, RoutingState? routes)
    {
        TenantRoute? route = null;
        routes?.Tenants.TryGetValue(tenant, out route);
        // An entry back on the source is a rollback's (a move writes its entry only at its switch).
        var phase = route is { Primary: RoutingPrimary.Target } ? "switched"
            : route is { Primary: RoutingPrimary.Source } ? "rolled back"
            : stream is null ? "not started" : stream.Status == "error" ? "failed" : "moving";
        return new Dictionary<string, object?>
        {
            ["tenant"] = tenant,
            ["phase"] = phase,
            ["stream"] = name,
            ["stream_status"] = stream?.Status,
            ["running"] = stream?.Running,
            ["applied_position"] = stream?.Applied is null ? null : Core.Positions.StreamPositionCodecs.Format(stream.Applied),
            ["events_applied"] = stream?.EventsApplied,
            ["last_error"] = stream?.LastError,
            ["primary"] = route is null ? null : route.Primary == RoutingPrimary.Target ? "target" : "source",
            ["routing_version"] = route?.Version,
            ["switched_at"] = route?.SwitchedAt,
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "-",
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
