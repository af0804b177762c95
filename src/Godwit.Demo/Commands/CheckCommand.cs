using System.CommandLine;
using System.Text.Json;
using Godwit.Core.Connections;
using Godwit.Demo.Ledger;
using Godwit.Demo.Sources;

namespace Godwit.Demo.Commands;

/// <summary><c>godwit-demo check</c>: holds the target to the app's ledger; exit 0 when every acknowledged write is there exactly once, 2 otherwise.</summary>
internal static class CheckCommand
{
    private const int Listed = 50;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var source = DemoOptions.Source(
            $"URI of the demo database on the source, MariaDB or PostgreSQL with ?schema=NAME (any account that can read it): names the target schema and is checked for writes that reached it after the switch. Without a password, ${PasswordResolver.SourcePasswordVariable}, ~/.my.cnf or ~/.pgpass is used.");
        var target = DemoOptions.Target($"PostgreSQL URI of the target database; without a password, ${PasswordResolver.TargetPasswordVariable} or ~/.pgpass is used.");
        var targetSchema = DemoOptions.TargetSchema();
        var ledger = new Option<FileInfo>("--ledger") { Description = "The ledger godwit-demo traffic wrote.", Required = true, HelpName = "FILE" };
        var json = DemoOptions.Json();
        var both = new Option<bool>("--both")
        {
            Description = "After a cutover and a rollback, with the stream following both ways: hold the source to the ledger too "
                + "(every acknowledged write on each database exactly once, wherever it was acknowledged).",
        };
        var command = new Command("check", "Check that every write the app was told succeeded is on the target exactly once. Exit 2 when one is not.")
        {
            source, target, targetSchema, ledger, both, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sourceUri = DemoPasswords.Resolve(parse.GetValue(source)!, EndpointRole.Source);
            var targetUri = DemoPasswords.Resolve(parse.GetValue(target)!, EndpointRole.Target);
            IDemoSource engine;
            string schema;
            try
            {
                engine = DemoSources.For(sourceUri);
                schema = parse.GetValue(targetSchema) ?? engine.Schema(sourceUri);
            }
            catch (ArgumentException ex)
            {
                throw new DemoException(ex.Message, ex);
            }

            var path = parse.GetValue(ledger)!.FullName;
            if (!File.Exists(path))
            {
                throw new DemoException($"no ledger at {path}.");
            }

            var entries = TrafficLedger.Read(path);
            await using var targetReader = await PgBookingReader.OpenAsync(targetUri, schema, ct);
            await using var sourceReader = await engine.OpenReaderAsync(sourceUri, schema, ct);
            var result = parse.GetValue(both)
                ? Combined(
                    await LedgerCheck.RunAsync(entries, targetReader, null, ct),
                    await LedgerCheck.RunAsync(entries, sourceReader, null, ct))
                : await LedgerCheck.RunAsync(entries, targetReader, sourceReader, ct);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(result, TrafficLedger.JsonOptions));
            }
            else
            {
                await stdout.WriteLineAsync(
                    $"check: {result.Entries} ledger entries ({result.Acknowledged} acknowledged, {result.Unacknowledged} failed), {result.Bookings} bookings and {result.Payments} payments held to it: "
                    + (result.IsClean ? (parse.GetValue(both) ? "all on the source and on the target exactly as acknowledged" : "all on the target exactly as acknowledged") : $"{result.Failures.Count} problem(s)"));
                foreach (var failure in result.Failures.Take(Listed))
                {
                    await stderr.WriteLineAsync($"check: {failure.Reference}: {failure.Problem}");
                }

                if (result.Failures.Count > Listed)
                {
                    await stderr.WriteLineAsync($"check: … and {result.Failures.Count - Listed} more");
                }
            }

            return result.IsClean ? DemoExitCode.Success : DemoExitCode.Findings;
        });
        return command;
    }

    /// <summary>The target's check and the source's (read as if it were the target), one result: each failure says which database.</summary>
    private static LedgerCheckResult Combined(LedgerCheckResult onTarget, LedgerCheckResult onSource) =>
        onTarget with
        {
            Failures =
            [
                .. onTarget.Failures.Select(f => f with { Problem = "target: " + f.Problem }),
                .. onSource.Failures.Select(f => f with { Problem = "source: " + f.Problem.Replace("on the target", "there", StringComparison.Ordinal) }),
            ],
        };
}
