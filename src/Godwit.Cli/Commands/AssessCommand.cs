using System.CommandLine;
using System.Text;
using System.Text.Json;
using Godwit.Core.Assessment;
using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Providers;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit assess</c>: the preflight for the whole migration. Checks the source (privileges, binlog settings and
/// retention, keys, conversions, zero dates, names, FK cycles, size) and optionally the target (version,
/// encoding, privileges, existing objects). Exit 2 when any finding is a blocker.
/// </summary>
public static class AssessCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var noScan = new Option<bool>("--no-data-scan")
        {
            Description = "Skip the full-table scans that count zero dates.",
        };
        var fix = new Option<bool>("--fix")
        {
            Description = "Make the fixes Godwit can make on the source (a PostgreSQL source's replica identities), shown before they are made, then assess again.",
        };
        var ddlTrigger = new Option<bool>("--ddl-trigger")
        {
            Description = "With --fix, on a PostgreSQL source: install the event trigger that records each DDL command into the stream at its exact position "
                + "(so --on-ddl apply can run it on the target, and stop stops right before it). Needs a superuser; `cutover --complete` removes it.",
        };
        var removeDdlTrigger = new Option<bool>("--remove-ddl-trigger")
        {
            Description = "Remove the DDL event trigger (and its table godwit.source_ddl) from a PostgreSQL source, saying what was removed.",
        };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var tenant = new Tenant.TenantOptions(source, target, targetSchema, json, required: false);
        var command = new Command("assess", "Check the source (and target) for everything that would stop or spoil a zero-downtime migration; exit 2 on blockers. With --tenant-column and --tenant: a tenant move's plan instead (as `tenant plan`).")
        {
            source,
            target,
            targetSchema,
            identifierCase,
            noScan,
            fix,
            ddlTrigger,
            removeDdlTrigger,
            json,
        };
        tenant.AddTenantTo(command);

        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(tenant.Column) is not null || parse.GetValue(tenant.Tenant) is not null)
            {
                // A tenant move's target already holds other tenants in the same tables: the whole-database checks
                // (objects present on the target) do not apply; its plan and key collisions do.
                if (parse.GetValue(tenant.Column) is null || parse.GetValue(tenant.Tenant) is null)
                {
                    throw new CliException("assess: --tenant-column and --tenant go together (a tenant move's plan needs both)");
                }

                var setup = await Tenant.TenantSetup.CreateAsync(parse, tenant, specs, ct);
                return await Tenant.TenantPlanReport.WriteAsync(console, setup, parse.GetValue(json), ct, parse.GetValue(tenant.AllowIdOverlap));
            }

            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec { Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase) });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var database = SchemaSupport.RequireDatabase(sourceUri);
            var targetUri = specs.Endpoint(parse.GetValue(target), spec.Target, EndpointRole.Target, spec.Origin);

            var findings = new List<Finding>();
            Core.Ddl.PgSchemaPlan plan;
            Core.Schema.SourceDatabase db;
            var sourceProvider = ProviderRegistry.Source(sourceUri);
            db = await SchemaSupport.IntrospectAsync(sourceProvider, spec, ct);
            var mapper = SchemaSupport.Mapper(sourceUri, targetUri);
            (var casts, plan) = SchemaSupport.Plan(mapper, db, spec);
            if (parse.GetValue(ddlTrigger) && !parse.GetValue(fix))
            {
                throw new CliException("--ddl-trigger changes the source: give it with --fix (godwit assess --fix --ddl-trigger).");
            }

            if (parse.GetValue(fix))
            {
                await FixAsync(console, sourceProvider, db, ct);
                if (parse.GetValue(ddlTrigger))
                {
                    await DdlTriggerAsync(console, "installed", () => sourceProvider.InstallDdlTriggerAsync(ct));
                }
            }

            if (parse.GetValue(removeDdlTrigger))
            {
                await DdlTriggerAsync(console, "removed", () => sourceProvider.RemoveDdlTriggerAsync(ct));
            }

            findings.AddRange(await sourceProvider.AssessAsync(db, casts, plan, targetUri, scan: !parse.GetValue(noScan), ct));

            if (targetUri is not null)
            {
                var targetProvider = ProviderRegistry.Target(targetUri);
                var facts = await targetProvider.GatherFactsAsync(plan, ct);
                findings.AddRange(Assessor.CheckTarget(facts, plan));
                findings.AddRange(await RehearseAsync(targetProvider, mapper, db, spec, plan.TargetSchema, facts.CanCreateInDatabase, ct));
            }

            findings = [.. findings.OrderBy(f => f.Severity)];
            if (parse.GetValue(json))
            {
                WriteJson(console, sourceUri, targetUri, findings);
            }
            else
            {
                WriteTable(console, findings);
            }

            return Assessor.HasBlockers(findings) ? ExitCode.Findings : ExitCode.Success;
        });
        return command;
    }

    /// <summary>
    /// The schema plan run on the target in a throwaway schema, in a transaction rolled back: what PostgreSQL refuses
    /// (a view MySQL accepts and PostgreSQL does not) is known before the migration.
    /// </summary>
    private static async Task<List<Finding>> RehearseAsync(
        ITargetProvider target, ISchemaMapper mapper, Core.Schema.SourceDatabase db, MigrationSpec spec, string targetSchema, bool canCreateSchemas, CancellationToken ct)
    {
        if (!canCreateSchemas)
        {
            return [new Finding(Severity.Info, "target-rehearsal", "the schema was not rehearsed on the target (the user cannot create schemas there)", "target")];
        }

        var rehearsalSchema = $"godwit_rehearsal_{Guid.NewGuid():N}"[..32];
        Core.Ddl.PgSchemaPlan rehearsal;
        try
        {
            rehearsal = SchemaSupport.Plan(mapper, db, spec.OverrideWith(new MigrationSpec { Options = new MigrationOptions { TargetSchema = rehearsalSchema } })).Plan;
        }
        catch (CliException)
        {
            // A same-engine schema keeps its names (pg_dump's statements name their schema): it cannot be tried elsewhere.
            return [new Finding(Severity.Info, "target-rehearsal", "the schema was not rehearsed on the target: it keeps its schema's name, so it cannot be tried in a throwaway schema", "target")];
        }

        var failures = await target.RehearseAsync(rehearsal.Statements, ct);
        var findings = RehearsalFindings.Check(failures, rehearsalSchema, targetSchema);
        if (findings.Count == 0)
        {
            findings.Add(new Finding(Severity.Info, "target-rehearsal", $"the target accepts all {rehearsal.Statements.Count} statements of the schema (rehearsed and rolled back)", "target"));
        }

        return findings;
    }

    /// <summary>Installs or removes the source's DDL trigger, naming each object; diagnostics only, so <c>--json</c> stays one document.</summary>
    private static async Task DdlTriggerAsync(CliConsole console, string done, Func<Task<IReadOnlyList<string>>> change)
    {
        IReadOnlyList<string> objects;
        try
        {
            objects = await change();
        }
        catch (UnsupportedEndpointException ex)
        {
            throw new CliException(ex.Message);
        }

        console.Diagnostic(objects.Count == 0 ? $"godwit: assess: DDL trigger: nothing {done} (there was none)" : $"godwit: assess: DDL trigger: {done} {string.Join(", ", objects)}");
    }

    /// <summary>Shows each fix, then makes it; diagnostics only, so <c>--json</c> stays one document.</summary>
    private static async Task FixAsync(CliConsole console, ISourceProvider source, Core.Schema.SourceDatabase db, CancellationToken ct)
    {
        var fixes = await source.FixesAsync(db, ct);
        if (fixes.Count == 0)
        {
            console.Diagnostic("godwit: assess: --fix: nothing to fix on the source");
            return;
        }

        foreach (var f in fixes)
        {
            console.Diagnostic($"godwit: assess: fixing {f.What}: {f.Sql}");
            await source.ApplyFixAsync(f, ct);
        }

        console.Diagnostic($"godwit: assess: --fix: made {fixes.Count} change(s) on the source; the findings below are after them");
    }

    private static void WriteTable(CliConsole console, List<Finding> findings)
    {
        foreach (var group in findings.GroupBy(f => f.Severity))
        {
            var title = group.Key switch
            {
                Severity.Blocker => "[red]Blockers[/]",
                Severity.Warning => "[yellow]Warnings[/]",
                _ => "Info",
            };
            var table = new Table { Title = new TableTitle($"{title} ({group.Count()})") }.AddColumns("what", "where", "how to fix");
            foreach (var f in group)
            {
                table.AddRow(Markup.Escape(f.What), Markup.Escape(f.Where), Markup.Escape(f.Fix ?? string.Empty));
            }

            console.Out.Write(table);
        }

        var blockers = findings.Count(f => f.Severity == Severity.Blocker);
        var warnings = findings.Count(f => f.Severity == Severity.Warning);
        console.Out.MarkupLine(Markup.Escape($"{blockers} blocker(s), {warnings} warning(s), {findings.Count - blockers - warnings} info"));
    }

    private static void WriteJson(CliConsole console, ConnectionUri source, ConnectionUri? target, List<Finding> findings)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("source", source.ToString());
            if (target is not null)
            {
                w.WriteString("target", target.ToString());
            }

            w.WriteStartObject("summary");
            w.WriteNumber("blockers", findings.Count(f => f.Severity == Severity.Blocker));
            w.WriteNumber("warnings", findings.Count(f => f.Severity == Severity.Warning));
            w.WriteNumber("info", findings.Count(f => f.Severity == Severity.Info));
            w.WriteEndObject();
            w.WriteStartArray("findings");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
                w.WriteString("code", f.Code);
                w.WriteString("what", f.What);
                w.WriteString("where", f.Where);
                w.WriteString("fix", f.Fix);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        console.StdOut.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
