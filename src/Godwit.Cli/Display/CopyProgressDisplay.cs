using System.Globalization;
using Godwit.Core.Copy;
using Spectre.Console;

namespace Godwit.Cli.Display;

/// <summary>
/// Shows a running copy on stderr: Spectre.Console progress bars per table (rows, MB/s, ETA) on a terminal,
/// or a plain line every few seconds otherwise (logs, CI, pipes).
/// </summary>
internal static class CopyProgressDisplay
{
    public static async Task<T> RunAsync<T>(CliConsole console, CopyProgress progress, bool interactive, TimeSpan plainInterval, Func<Task<T>> work)
    {
        if (!interactive)
        {
            return await PlainAsync(console, progress, plainInterval, work);
        }

        T result = default!;
        await console.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var phase = ctx.AddTask("starting", maxValue: 1);
                var bars = new Dictionary<TableProgress, ProgressTask>();
                var task = work();
                while (!task.IsCompleted)
                {
                    Update(ctx, progress, phase, bars);
                    await Task.WhenAny(task, Task.Delay(200));
                }

                Update(ctx, progress, phase, bars);
                phase.Value = phase.MaxValue;
                result = await task;
            });
        return result;
    }

    private static void Update(ProgressContext ctx, CopyProgress progress, ProgressTask phase, Dictionary<TableProgress, ProgressTask> bars)
    {
        phase.Description = Markup.Escape(progress.Phase == "indexes and constraints"
            ? $"indexes and constraints {Volatile.Read(ref progress.PostDataDone)}/{progress.PostDataTotal}"
            : progress.Phase);
        if (progress.Phase == "indexes and constraints" && progress.PostDataTotal > 0)
        {
            phase.MaxValue = progress.PostDataTotal;
            phase.Value = Volatile.Read(ref progress.PostDataDone);
        }

        foreach (var t in progress.Tables)
        {
            if (!bars.TryGetValue(t, out var bar))
            {
                bar = ctx.AddTask(Markup.Escape(t.Name), maxValue: Math.Max(1, t.EstimatedRows));
                bars[t] = bar;
            }

            var seconds = Math.Max(0.001, t.Elapsed.TotalSeconds);
            bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{t.Name,-24} {t.Read,12:N0} rows {t.Bytes / 1e6 / seconds,7:0.0} MB/s"));
            if (t.Read > bar.MaxValue)
            {
                bar.MaxValue = t.Read + 1;
            }

            bar.Value = t.IsDone ? bar.MaxValue : Math.Min(t.Read, bar.MaxValue);
        }
    }

    private static async Task<T> PlainAsync<T>(CliConsole console, CopyProgress progress, TimeSpan interval, Func<Task<T>> work)
    {
        var task = work();
        var lastPhase = string.Empty;
        var next = DateTime.UtcNow + interval;
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(100));
            var phase = progress.Phase;
            if (phase != lastPhase)
            {
                lastPhase = phase;
                if (phase != "done")
                {
                    console.Diagnostic($"godwit: migrate: {phase}");
                }
            }

            if (DateTime.UtcNow >= next && !task.IsCompleted)
            {
                next = DateTime.UtcNow + interval;
                if (phase == "copy")
                {
                    var read = progress.Tables.Sum(t => t.Read);
                    var estimate = Math.Max(read, progress.Tables.Sum(t => Math.Max(t.EstimatedRows, t.Read)));
                    var bytes = progress.Tables.Sum(t => t.Bytes);
                    var done = progress.Tables.Count(t => t.IsDone);
                    var elapsed = progress.Tables.Select(t => t.Elapsed).DefaultIfEmpty().Max().TotalSeconds;
                    console.Diagnostic(string.Create(CultureInfo.InvariantCulture,
                        $"godwit: copy: {read:N0}/~{estimate:N0} rows ({(estimate == 0 ? 100 : 100.0 * read / estimate):0}%), {bytes / 1e6:0.0} MB, {(elapsed > 0 ? bytes / 1e6 / elapsed : 0):0.0} MB/s, {done}/{progress.Tables.Count} tables done"));
                }
                else if (phase == "indexes and constraints")
                {
                    console.Diagnostic($"godwit: indexes and constraints: {Volatile.Read(ref progress.PostDataDone)}/{progress.PostDataTotal}");
                }
            }
        }

        return await task;
    }
}
