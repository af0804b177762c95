using Godwit.Demo.Summary;

namespace Godwit.Demo.Tests;

/// <summary>The closing summary reads the phases' reports, and says so when any of them went wrong.</summary>
public sealed class SummaryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godwit-demo-summary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_demo_whose_every_phase_went_well_is_summed_up_with_its_numbers_and_no_problem()
    {
        WriteReports(failed: 0, cutover: "switched");

        var summary = DemoSummary.Read(_directory, "godwit_demo", 95);

        Assert.Empty(summary.Problems);
        Assert.Equal("clean", summary.Verify);
        Assert.Equal((59_163L, 4, 1.25), (summary.RowsCopied!.Value, summary.TablesCopied!.Value, summary.CopySeconds!.Value));
        Assert.Equal((0.8, 2), (summary.MaxLagSeconds!.Value, summary.LagSamples));
        Assert.Equal(312L, summary.FreezeMs);
        Assert.Equal((1200L, 700L, 0L), (summary.AppWritesOnSource!.Value, summary.AppWritesOnTarget!.Value, summary.AppWritesFailed!.Value));
    }

    [Fact]
    public void A_failed_app_write_an_aborted_cutover_and_a_missing_report_are_each_a_problem()
    {
        WriteReports(failed: 2, cutover: "aborted");
        File.Delete(Path.Combine(_directory, DemoFiles.VerifyFinal));

        var summary = DemoSummary.Read(_directory, "godwit_demo", null);

        Assert.False(summary.Ok);
        Assert.Contains("2 app write(s) failed after retries", summary.Problems);
        Assert.Contains(summary.Problems, p => p.StartsWith("the cutover did not switch: aborted (lag never drained)", StringComparison.Ordinal));
        Assert.Contains("verify-final.json is missing (that phase did not finish)", summary.Problems);
        Assert.Equal("differences", summary.Verify);
    }

    private void WriteReports(int failed, string cutover)
    {
        void Write(string name, string json) => File.WriteAllText(Path.Combine(_directory, name), json);

        // migrate --follow prints the copy's summary, indented, then the stream's outcome when it ends.
        Write(DemoFiles.Migrate, """
            {
              "run_id": 7,
              "tables": [{}, {}, {}, {}],
              "totals": { "rows_read": 59163, "rows_loaded": 59163 },
              "phases": { "schema_s": 0.2, "copy_s": 1.25, "post_data_s": 0.4 }
            }
            {"outcome":"end-of-stream","rows_applied":12}
            """);

        // A stopped stream (a previous demo's state) does not count; another schema's stream neither.
        Write(DemoFiles.Status, """
            {"streams":[{"stream":"godwit_demo","target_schema":"godwit_demo","running":false,"lag_seconds":476.3}]}
            {"streams":[{"stream":"godwit_demo","target_schema":"godwit_demo","running":true,"lag_seconds":0.8},{"stream":"other","target_schema":"other","running":true,"lag_seconds":9}]}
            {"streams":[{"stream":"godwit_demo","target_schema":"godwit_demo","running":true,"lag_seconds":0.3}]}
            """);
        Write(DemoFiles.VerifyLive, """{"equal": true, "tables": [{"table": "godwit_demo.bookings", "unsettled": 1}]}""");
        Write(DemoFiles.Cutover, $$"""
            {"result":"{{cutover}}","freeze_ms":312,"events_drained":4,"abort_reason":{{(cutover == "switched" ? "null" : "\"lag never drained\"")}},
             "steps":[{"name":"gates","status":"ok","ms":500},{"name":"final-check","status":"{{(cutover == "switched" ? "ok" : "skipped")}}","ms":20}]}
            """);
        Write(DemoFiles.VerifyFinal, """{"equal": true, "tables": [{"table": "godwit_demo.customers"}, {"table": "godwit_demo.trips"}]}""");
        Write(DemoFiles.Traffic, $$"""{"acknowledged":1900,"failed":{{failed}},"retried":6,"acknowledged_on_source":1200,"acknowledged_on_target":700,"max_latency_ms":420.5,"write_gap_ms":450.1}""");
        Write(DemoFiles.Check, """{"is_clean":true,"bookings":1100}""");
    }
}
