using System.Collections.Concurrent;
using System.Globalization;
using Godwit.Core.Verify;
using Spectre.Console;

namespace Godwit.Cli.Commands;

/// <summary>
/// Shows a running verify on stderr: a Spectre.Console progress bar per table on a terminal, or plain lines
/// (one per finished table, and a running count every few seconds) in logs and pipes.
/// </summary>
internal sealed class VerifyProgressDisplay : IVerifyProgress
{
    private readonly ConcurrentDictionary<string, VerifyTableProgress> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finished = new();
    private readonly ConcurrentQueue<string> _order = new();

    public void TableStarted(VerifyTable table, long estimatedRows)
    {
        if (_tables.TryAdd(table.Name, new VerifyTableProgress { Estimate = Math.Max(1, estimatedRows) }))
        {
            _order.Enqueue(table.Name);
        }
    }

    public void RowsDone(VerifyTable table, long rows)
    {
        if (_tables.TryGetValue(table.Name, out var state))
        {
            Interlocked.Add(ref state.Rows, rows);
        }
    }

    public void TableFinished(VerifyTable table, TableVerifyResult result)
    {
        if (_tables.TryGetValue(table.Name, out var state))
        {
            state.Done = true;
            Interlocked.Exchange(ref state.Rows, Math.Max(result.SourceRows, result.TargetRows));
            state.Estimate = Math.Max(1, Math.Max(result.SourceRows, result.TargetRows));
        }

        var unsettled = result.Unsettled > 0 ? string.Create(CultureInfo.InvariantCulture, $", {result.Unsettled} unsettled") : string.Empty;
        _finished.Enqueue(string.Create(
            CultureInfo.InvariantCulture,
            $"godwit: verify: {table.Name}: {(result.IsEqual ? "equal" : "DIFFERENT")} ({result.SourceRows} source rows, {result.TargetRows} target rows{unsettled})"));
    }

    public async Task<T> RunAsync<T>(CliConsole console, bool interactive, Func<Task<T>> work)
    {
        if (!interactive)
        {
            return await PlainAsync(console, work);
        }

        T result = default!;
        await console.Error.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var task = work();
                while (!task.IsCompleted)
                {
                    Update(ctx, bars);
                    await Task.WhenAny(task, Task.Delay(200));
                }

                Update(ctx, bars);
                result = await task;
            });
        return result;
    }

    private void Update(ProgressContext ctx, Dictionary<string, ProgressTask> bars)
    {
        foreach (var name in _order)
        {
            var state = _tables[name];
            if (!bars.TryGetValue(name, out var bar))
            {
                bar = ctx.AddTask(Markup.Escape(name), maxValue: state.Estimate);
                bars[name] = bar;
            }

            bar.MaxValue = Math.Max(state.Estimate, Volatile.Read(ref state.Rows));
            bar.Value = state.Done ? bar.MaxValue : Math.Min(Volatile.Read(ref state.Rows), bar.MaxValue - 1);
        }
    }

    private async Task<T> PlainAsync<T>(CliConsole console, Func<Task<T>> work)
    {
        var task = work();
        var last = DateTime.UtcNow;
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(250));
            Flush(console);
            if (DateTime.UtcNow - last > TimeSpan.FromSeconds(5) && !task.IsCompleted)
            {
                last = DateTime.UtcNow;
                foreach (var (name, state) in _tables.Where(t => !t.Value.Done))
                {
                    console.Diagnostic(string.Create(CultureInfo.InvariantCulture, $"godwit: verify: {name}: {Volatile.Read(ref state.Rows)} of ~{state.Estimate} rows"));
                }
            }
        }

        Flush(console);
        return await task;
    }

    private void Flush(CliConsole console)
    {
        while (_finished.TryDequeue(out var line))
        {
            console.Diagnostic(line);
        }
    }
}
