using System.CommandLine;
using System.Text;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Specs;
using Godwit.Providers;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit schema</c>: reads the source schema, translates it with the type rules, and prints (<c>--dry-run</c>)
/// or applies the PostgreSQL DDL (pre-data and post-data together, in one transaction).
/// </summary>
public static class SchemaCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the DDL instead of applying it; no target needed." };
        var ifExists = new Option<IfExistsMode?>("--if-exists")
        {
            Description = "When a table, view or type already exists on the target: error (default), keep it, or drop it (destroys its data).",
            HelpName = "error|keep|drop",
        };
        var emitUntranslated = new Option<DirectoryInfo?>("--emit-untranslated")
        {
            Description = "Write each view, trigger and routine left untranslated to DIR: its MySQL body beside the closest translation, as a starting point.",
            HelpName = "DIR",
        };
        var onUpdateTriggers = SchemaSupport.OnUpdateTriggersOption();
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var command = new Command("schema", "Translate the source schema to PostgreSQL DDL and print it (--dry-run) or apply it to the target.")
        {
            source,
            target,
            dryRun,
            ifExists,
            targetSchema,
            identifierCase,
            onUpdateTriggers,
            emitUntranslated,
            json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            spec = spec.OverrideWith(new MigrationSpec
            {
                Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase, onUpdateTriggers) with { IfExists = parse.GetValue(ifExists) },
            });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var database = SchemaSupport.RequireDatabase(sourceUri);
            var isDryRun = parse.GetValue(dryRun);
            var targetUri = isDryRun ? null : specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);

            var db = await SchemaSupport.IntrospectAsync(ProviderRegistry.Source(sourceUri), spec, ct);
            // A dry run needs no target, but a target named (a MySQL one, say) decides the pair's mapping.
            var mappedTo = targetUri ?? specs.Endpoint(parse.GetValue(target), spec.Target, EndpointRole.Target, spec.Origin);
            var (_, plan) = SchemaSupport.Plan(SchemaSupport.Mapper(sourceUri, mappedTo), db, spec);

            if (parse.GetValue(emitUntranslated) is { } dir)
            {
                UntranslatedFiles.Write(dir.FullName, plan.Untranslated);
                console.Diagnostic($"godwit: {plan.Untranslated.Count} untranslated view(s), trigger(s) and routine(s) written to {dir.FullName}");
            }

            var asJson = parse.GetValue(json);
            if (isDryRun)
            {
                if (asJson)
                {
                    WriteJson(console, plan, null);
                }
                else
                {
                    console.StdOut.Write(plan.ToScript());
                    console.StdOut.Flush();
                    WriteNotes(console, plan.Notes);
                }

                return ExitCode.Success;
            }

            SchemaApplyResult result;
            try
            {
                result = await ProviderRegistry.Target(targetUri!).ApplySchemaAsync(plan, spec.Options.IfExists ?? IfExistsMode.Error, [DdlPhase.PreData, DdlPhase.PostData], ct);
            }
            catch (SchemaConflictException ex)
            {
                throw new CliException(ex.Message);
            }

            var notes = plan.Notes.Concat(result.Failed).ToList();
            if (asJson)
            {
                WriteJson(console, plan with { Notes = notes }, result);
            }
            else
            {
                console.Out.MarkupLine(Markup.Escape(
                    $"schema \"{plan.TargetSchema}\": {plan.Tables.Count} tables, {result.Executed} statements applied"
                    + (result.Dropped.Count > 0 ? $", {result.Dropped.Count} existing objects dropped" : string.Empty)
                    + (result.Kept.Count > 0 ? $", {result.Kept.Count} existing objects kept" : string.Empty)
                    + $" on {targetUri}"));
                WriteNotes(console, notes);
            }

            return ExitCode.Success;
        });
        return command;
    }

    private static void WriteNotes(CliConsole console, IEnumerable<SchemaNote> notes)
    {
        foreach (var n in notes)
        {
            console.Diagnostic($"godwit: {(n.Severity == NoteSeverity.Warning ? "warning" : "note")}: {n.Where}: {n.What}" + (n.Fix is null ? string.Empty : $" (fix: {n.Fix})"));
        }
    }

    private static void WriteJson(CliConsole console, PgSchemaPlan plan, SchemaApplyResult? result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("target_schema", plan.TargetSchema);
            if (result is not null)
            {
                w.WriteNumber("applied", result.Executed);
                w.WriteStartArray("dropped");
                result.Dropped.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteStartArray("kept");
                result.Kept.ToList().ForEach(w.WriteStringValue);
                w.WriteEndArray();
            }

            w.WriteStartArray("tables");
            foreach (var t in plan.Tables)
            {
                w.WriteStartObject();
                w.WriteString("source", t.Source.QualifiedName);
                w.WriteString("target", $"{t.Schema}.{t.Name}");
                w.WriteStartArray("columns");
                foreach (var c in t.Columns)
                {
                    w.WriteStartObject();
                    w.WriteString("source", c.Source.Name);
                    w.WriteString("source_type", c.Source.Type.ColumnType);
                    w.WriteString("target", c.Name);
                    w.WriteString("target_type", c.Cast.TargetType.ToSql());
                    w.WriteString("conversion", c.Cast.Conversion.Kind.ToString());
                    w.WriteString("rule", c.Cast.Origin);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("statements");
            foreach (var s in plan.Statements)
            {
                w.WriteStartObject();
                w.WriteString("phase", s.Phase == DdlPhase.PreData ? "pre-data" : "post-data");
                w.WriteString("kind", s.Kind.ToString().ToLowerInvariant());
                w.WriteString("object", s.Object);
                w.WriteString("sql", s.Sql);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in plan.Notes)
            {
                w.WriteStartObject();
                w.WriteString("severity", n.Severity.ToString().ToLowerInvariant());
                w.WriteString("where", n.Where);
                w.WriteString("what", n.What);
                w.WriteString("fix", n.Fix);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        console.StdOut.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
