using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Sources;
using Godwit.Demo.Summary;

namespace Godwit.Demo.Commands;

/// <summary><c>godwit-demo summary</c>: the demo's closing table from the files its phases left; exit 2 if anything went wrong.</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter stdout)
    {
        var directory = new Option<DirectoryInfo>("--dir") { Description = "The demo's directory (DEMO_DIR).", Required = true, HelpName = "DIR" };
        var schema = new Option<string>("--schema") { Description = "The target schema (the demo database's name).", Required = true, HelpName = "NAME" };
        var elapsed = new Option<double?>("--elapsed") { Description = "How long the whole demo took, in seconds.", HelpName = "SECONDS" };
        var sourceEngine = new Option<string>("--source-engine") { Description = "What the source was, for the wording: mysql (MariaDB, the default) or postgres.", DefaultValueFactory = _ => "mysql", HelpName = "ENGINE" };
        sourceEngine.AcceptOnlyFromAmong("mysql", "postgres");
        var json = DemoOptions.Json();
        var command = new Command("summary", "Sum the demo up: rows copied, copy time, max lag, write freeze, verify result, failed app writes.")
        {
            directory, schema, elapsed, sourceEngine, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var summary = DemoSummary.Read(parse.GetValue(directory)!.FullName, parse.GetValue(schema)!, parse.GetValue(elapsed));
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(summary, TrafficLedger.JsonOptions));
            }
            else
            {
                var source = DemoSources.For(parse.GetValue(sourceEngine) == "postgres" ? DatabaseEngine.Postgres : DatabaseEngine.MySql);
                foreach (var (label, value) in Rows(summary, source))
                {
                    await stdout.WriteLineAsync($"  {label,-24}{value}");
                }

                foreach (var problem in summary.Problems)
                {
                    await stdout.WriteLineAsync($"  PROBLEM: {problem}");
                }
            }

            return summary.Ok ? DemoExitCode.Success : DemoExitCode.Findings;
        });
        return command;
    }

    private static IEnumerable<(string Label, string Value)> Rows(DemoSummary s, IDemoSource source)
    {
        var c = CultureInfo.InvariantCulture;
        yield return ("rows copied", s.RowsCopied is { } rows
            ? string.Create(c, $"{rows:N0} in {s.TablesCopied} tables, copy {s.CopySeconds:0.0} s")
            : "n/a");
        yield return ("max replication lag", s.MaxLagSeconds is { } lag
            ? string.Create(c, $"{lag:0.0} s ({s.LagSamples} samples while the app wrote)")
            : "n/a");
        yield return ("write freeze", s.FreezeMs is { } freeze
            ? string.Create(c, $"{freeze:N0} ms (cutover {s.CutoverResult}, {s.EventsDrained} events drained)")
            : $"n/a (cutover {s.CutoverResult ?? "did not run"})");
        if (s.RollbackResult is not null)
        {
            yield return ("rollback", s.RollbackFreezeMs is { } back
                ? string.Create(c, $"{back:N0} ms write freeze on {source.TargetLabel} (rollback {s.RollbackResult}); the app writes to {source.SourceLabel} again")
                : $"n/a (rollback {s.RollbackResult})");
        }

        yield return ("pause felt by the app", s.AppWriteGapMs is { } gap
            ? string.Create(c, $"{gap:N0} ms between its last write on {source.SourceLabel} and its first on {source.TargetLabel} (slowest write {s.AppMaxLatencyMs:N0} ms)")
            : "n/a");
        yield return ("verify", s.Verify + string.Create(c, $": live checksum {Equal(s.VerifyLiveEqual)}{(s.VerifyLiveUnsettled > 0 ? $" ({s.VerifyLiveUnsettled} {(s.VerifyLiveUnsettled == 1 ? "row" : "rows")} still changing)" : string.Empty)}, cutover count check {s.CutoverCountCheck ?? "n/a"}, final {string.Join(" and ", s.VerifyFinalTables)} {Equal(s.VerifyFinalEqual)}, ledger {(s.LedgerClean is null ? "n/a" : s.LedgerClean.Value ? $"every acknowledged write on {(s.RollbackResult is null ? source.TargetLabel : $"{source.SourceLabel} and on {source.TargetLabel}")} exactly once" : "DIFFERS")}"));
        yield return ("app writes", s.AppWritesAcknowledged is { } acknowledged
            ? string.Create(c, $"{acknowledged:N0} acknowledged ({s.AppWritesOnSource:N0} on {source.SourceLabel}, {s.AppWritesOnTarget:N0} on {source.TargetLabel}), {s.AppWritesRetried:N0} retried, {s.AppWritesFailed:N0} failed")
            : "n/a");
        if (s.DemoSeconds is { } seconds)
        {
            yield return ("demo time", string.Create(c, $"{(int)(seconds / 60)} min {seconds % 60:00} s"));
        }
    }

    private static string Equal(bool? equal) => equal is null ? "n/a" : equal.Value ? "equal" : "DIFFERENT";
}
