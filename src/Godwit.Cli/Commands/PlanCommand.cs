using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Planning;
using Godwit.Core.Specs;
using Godwit.Providers;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit plan</c>: the runbook for this migration, in Markdown (or <c>--json</c>): assess's findings and fixes,
/// every command in order with this migration's options, each phase's expected time from the measured sizes, the
/// checks between phases, the rollback matrix and the clean-up. Reads both databases; changes nothing.
/// </summary>
public static class PlanCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the runbook to this file instead of stdout.", HelpName = "FILE" };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "The copy's workers the runbook's migrate command uses. Default: this machine's cores (2 to 8).", HelpName = "N" }.Positive();
        var routingFile = new Option<string>("--routing-file")
        {
            Description = "The routing file the application will follow (docs/routing.md), as the runbook's commands name it. Default: routing.json.",
            HelpName = "PATH",
            DefaultValueFactory = _ => "routing.json",
        };
        var noScan = new Option<bool>("--no-data-scan") { Description = "Skip assess's full-table scans (zero dates and the like)." };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command("plan", "Write the runbook for this migration: assess's findings and fixes, every command in order, expected times, checks, the rollback matrix and the clean-up.")
        {
            source, target, output, jobs, routingFile, noScan, targetSchema, identifierCase, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec { Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            SchemaSupport.RequireDatabase(sourceUri);

            var sourceProvider = ProviderRegistry.Source(sourceUri);
            var db = await SchemaSupport.IntrospectAsync(sourceProvider, spec, ct);
            var (casts, plan) = SchemaSupport.Plan(SchemaSupport.Mapper(sourceUri, targetUri), db, spec);
            var findings = new List<Finding>(await sourceProvider.AssessAsync(db, casts, plan, targetUri, scan: !parse.GetValue(noScan), ct));
            var facts = await ProviderRegistry.Target(targetUri).GatherFactsAsync(plan, ct);
            findings.AddRange(Assessor.CheckTarget(facts, plan));

            var runbook = RunbookBuilder.Build(new RunbookInput
            {
                Source = sourceUri,
                Target = targetUri,
                Database = db,
                TargetSchema = plan.TargetSchema,
                Findings = findings,
                Fixes = await sourceProvider.FixesAsync(db, ct),
                Jobs = parse.GetValue(jobs) ?? spec.Options.Jobs ?? Math.Clamp(Environment.ProcessorCount, 2, 8),
                RoutingFile = parse.GetValue(routingFile)!,
            });
            var text = parse.GetValue(json)
                ? JsonSerializer.Serialize(runbook, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } }) + "\n"
                : RunbookMarkdown.Render(runbook);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, ct);
                console.Diagnostic($"godwit: plan: runbook written to {file.FullName}");
            }
            else
            {
                console.StdOut.Write(text);
            }

            // Like assess: blockers make a non-zero exit, so a script does not go on to migrate.
            return runbook.HasBlockers ? ExitCode.Findings : ExitCode.Success;
        });
        return command;
    }
}
