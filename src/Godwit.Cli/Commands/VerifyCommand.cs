using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Godwit.Cli.Verify;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Specs;
using Godwit.Core.Verify;
using Godwit.Providers;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// <c>godwit verify</c>: compares the source and the target table by table: counts, chunk checksums computed
/// inside both databases (bisected down to rows where they differ), or every row. Exit 0 when all is equal,
/// 2 on differences. Progress is kept in the target's <c>godwit</c> schema, so a rerun resumes.
/// </summary>
public static class VerifyCommand
{
    public static Command Create(CliConsole console, SpecResolver specs)
    {
        var source = CommonOptions.Source();
        var target = CommonOptions.Target();
        var json = CommonOptions.Json();
        var mode = new Option<VerifyMode?>("--mode")
        {
            Description = "count: row counts; checksum (default): per-chunk hashes computed in both databases, mismatches bisected to rows; rows: every row compared.",
            HelpName = "count|checksum|rows",
        };
        var tables = CommonOptions.TableList("--tables", "Verify only these tables");
        var maxDiffs = new Option<int?>("--max-diffs") { Description = "Differences listed per table (all are counted). Default: 100.", HelpName = "N" };
        var recheck = new Option<string?>("--recheck")
        {
            Description = "Compare differing rows again after this delay; rows that settle or keep changing are reported as unsettled. Default: 2s; off disables.",
            HelpName = "DURATION|off",
        };
        var restart = new Option<bool>("--restart") { Description = "Forget an interrupted run with the same arguments instead of resuming it." };
        var chunkRows = new Option<long?>("--chunk-rows") { Description = "Rows per checksum chunk. Default: 100000.", HelpName = "N" }.Positive();
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Chunks compared at once (each queries both databases). Default: 2.", HelpName = "N" }.Positive();
        var noWaitForSync = new Option<bool>("--no-wait-for-sync")
        {
            Description = "Do not wait for the change stream (godwit sync) to apply the source's current binlog position before each chunk.",
        };
        var waitForSync = new Option<string?>("--wait-for-sync")
        {
            Description = "When the target has a change stream: the longest to wait for it to reach the source's position before each chunk. Default: 30s.",
            HelpName = "DURATION",
        };
        var targetSchema = SchemaSupport.TargetSchema();
        var identifierCase = SchemaSupport.IdentifierCaseOption();
        var cluster = Cluster.ClusterOption.Create(required: false);
        cluster.Description = "Compare the chunks on the worker cluster in this PostgreSQL database (godwit worker), --jobs at a time; the report is the one a verify here makes, "
            + "and --json says which worker compared which chunk.";
        var command = new Command("verify", "Compare source and target: row counts, in-database chunk checksums bisected to rows, or every row. Exit 2 on differences.")
        {
            source, target, mode, tables, maxDiffs, recheck, restart, chunkRows, jobs, noWaitForSync, waitForSync, targetSchema, identifierCase, cluster, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            var spec = specs.LoadFile(parse.GetValue<FileInfo?>("--spec"));
            var sourceFromLine = parse.GetValue(source);
            var database = SchemaSupport.SchemaOf(sourceFromLine ?? (spec.Source is null ? null : ConnectionUri.Parse(spec.Source)));
            spec = spec.OverrideWith(new MigrationSpec
            {
                IncludeTables = CommonOptions.QualifiedTableNames(parse.GetValue(tables), database),
                Options = SchemaSupport.CommandLineOptions(parse, targetSchema, identifierCase),
            });
            var sourceUri = specs.RequireEndpoint(parse, source, spec, EndpointRole.Source);
            var targetUri = specs.RequireEndpoint(parse, target, spec, EndpointRole.Target);
            database = SchemaSupport.RequireDatabase(sourceUri);

            var options = new VerifyOptions
            {
                Mode = parse.GetValue(mode) ?? VerifyMode.Checksum,
                MaxDifferences = parse.GetValue(maxDiffs) ?? 100,
                Recheck = ParseRecheck(parse.GetValue(recheck)),
                ChunkRows = parse.GetValue(chunkRows) ?? 100_000,
                Parallelism = parse.GetValue(jobs) ?? 2,
                CatchUpTimeout = ParseWaitForSync(parse.GetValue(waitForSync)),
            };
            if (options.MaxDifferences < 0 || options.ChunkRows < 1 || options.Parallelism < 1)
            {
                throw new CliException("--max-diffs must be 0 or more, --chunk-rows and --jobs at least 1.");
            }

            var progress = new VerifyProgressDisplay();
            var interactive = console.Error.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
            await using var onCluster = parse.GetValue(cluster) is { } clusterUri ? new Cluster.ClusterVerifyRun(clusterUri, sourceUri, targetUri, spec, options) : null;
            var report = await VerifyRun.RunAsync(
                console.Diagnostic, sourceUri, targetUri, spec, options, !parse.GetValue(noWaitForSync), parse.GetValue(restart), progress, work => progress.RunAsync(console, interactive, work), ct,
                onCluster is null ? null : runId => onCluster.ConnectAsync(runId, ct));

            if (parse.GetValue(json))
            {
                WriteJson(console, report, onCluster?.Checked);
            }
            else
            {
                WriteTable(console, report);
            }

            return report.AllEqual ? ExitCode.Success : ExitCode.Findings;
        });
        return command;
    }

    private static TimeSpan ParseWaitForSync(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(30);
        }

        return DurationParser.TryParse(text, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : throw new CliException($"--wait-for-sync: '{text}' is not a positive duration (e.g. 30s, 2m).");
    }

    private static TimeSpan? ParseRecheck(string? text)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(2);
        }

        if (text is "off" or "no" or "false" or "0")
        {
            return null;
        }

        return DurationParser.TryParse(text, out var delay)
            ? delay
            : throw new CliException($"--recheck: '{text}' is not a duration (e.g. 2s, 500ms) or off.");
    }

    private static string Kind(DifferenceKind kind) => kind switch
    {
        DifferenceKind.Missing => "missing",
        DifferenceKind.Extra => "extra",
        DifferenceKind.Different => "different",
        _ => "unsettled",
    };

    private static void WriteTable(CliConsole console, VerifyReport report)
    {
        var table = new Table().AddColumns("table", "source rows", "target rows", "matching", "missing", "extra", "different", "unsettled", "result");
        foreach (var t in report.Tables)
        {
            table.AddRow(
                Markup.Escape(t.Table), N(t.SourceRows), N(t.TargetRows), N(t.Matching), N(t.MissingOnTarget), N(t.ExtraOnTarget), N(t.Different), N(t.Unsettled),
                t.IsEqual ? "equal" : "DIFFERENT");
        }

        console.Out.Write(table);
        foreach (var t in report.Tables)
        {
            foreach (var note in t.Notes)
            {
                console.Out.MarkupLine(Markup.Escape($"{t.Table}: note: {note}"));
            }

            foreach (var d in t.Differences)
            {
                var line = new StringBuilder($"{t.Table}: {Kind(d.Kind)} {d.Key}");
                if (d.Multiplicity > 1)
                {
                    line.Append(CultureInfo.InvariantCulture, $" (x{d.Multiplicity})");
                }

                foreach (var c in d.Columns)
                {
                    line.Append(CultureInfo.InvariantCulture, $"; {c.Column}: source {Show(c.Source)}, target {Show(c.Target)}");
                }

                console.Out.MarkupLine(Markup.Escape(line.ToString()));
            }

            var listed = t.Differences.Count;
            var total = t.MissingOnTarget + t.ExtraOnTarget + t.Different + t.Unsettled;
            if (total > listed && listed > 0)
            {
                console.Out.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{t.Table}: … {total - listed} more not listed (--max-diffs)")));
            }
        }

        console.Out.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"verify ({report.Mode.ToString().ToLowerInvariant()}): {(report.AllEqual ? "all tables equal" : "DIFFERENCES FOUND")} in {report.Elapsed.TotalSeconds:0.0} s")));
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Show(string? value) => value is null ? "NULL" : "'" + (value.Length > 80 ? value[..80] + "…" : value) + "'";

    private static void WriteJson(CliConsole console, VerifyReport report, IReadOnlyList<Godwit.Cluster.VerifiedChunk>? checkedOnCluster)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("run_id", report.RunId);
            w.WriteString("mode", report.Mode.ToString().ToLowerInvariant());
            w.WriteBoolean("equal", report.AllEqual);
            w.WriteNumber("elapsed_seconds", Math.Round(report.Elapsed.TotalSeconds, 3));
            w.WriteStartArray("tables");
            foreach (var t in report.Tables)
            {
                w.WriteStartObject();
                w.WriteString("table", t.Table);
                w.WriteString("target", t.Target);
                w.WriteBoolean("equal", t.IsEqual);
                w.WriteNumber("source_rows", t.SourceRows);
                w.WriteNumber("target_rows", t.TargetRows);
                w.WriteNumber("compared", t.Compared);
                w.WriteNumber("matching", t.Matching);
                w.WriteNumber("missing_on_target", t.MissingOnTarget);
                w.WriteNumber("extra_on_target", t.ExtraOnTarget);
                w.WriteNumber("different", t.Different);
                w.WriteNumber("unsettled", t.Unsettled);
                w.WriteNumber("chunks", t.Chunks);
                w.WriteNumber("resumed_chunks", t.ResumedChunks);
                w.WriteStartArray("notes");
                t.Notes.ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteStartArray("differences");
                foreach (var d in t.Differences)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", Kind(d.Kind));
                    w.WriteString("key", d.Key);
                    w.WriteNumber("count", d.Multiplicity);
                    w.WriteStartArray("columns");
                    foreach (var c in d.Columns)
                    {
                        w.WriteStartObject();
                        w.WriteString("column", c.Column);
                        w.WriteString("source", c.Source);
                        w.WriteString("target", c.Target);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (checkedOnCluster is not null)
            {
                Cluster.ClusterVerifyRun.WriteJson(w, checkedOnCluster);
            }

            w.WriteEndObject();
        }

        console.StdOut.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
