namespace Godwit.Routing.Tests;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly TemporaryRoutingFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_reader_never_sees_a_partial_file_while_a_writer_keeps_replacing_it()
    {
        var initial = TemporaryRoutingFile.Initial with { Stream = new string('s', 37) };
        RoutingFile.Write(_file.Path, initial);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        long written = 0;

        // Lengths vary from write to write, so a torn or truncated read would not parse.
        var writer = Task.Run(() =>
        {
            var state = initial;
            while (!stop.IsCancellationRequested)
            {
                var next = state.SwitchedTo(state.Primary == RoutingPrimary.Source ? RoutingPrimary.Target : RoutingPrimary.Source, DateTimeOffset.UtcNow);
                state = next with { Stream = new string('s', (int)(next.Version * 37 % 3000)) };
                RoutingFile.Write(_file.Path, state);
                Interlocked.Exchange(ref written, state.Version);
            }
        });
        var reader = Task.Run(() =>
        {
            var reads = 0;
            var last = 0L;
            while (!writer.IsCompleted)
            {
                var state = RoutingFile.Read(_file.Path) ?? throw new InvalidOperationException("the file disappeared during a rewrite");
                Assert.True(state.Version >= last, $"version went back from {last} to {state.Version}");
                Assert.Equal(state.Version * 37 % 3000, state.Stream?.Length ?? 0);
                last = state.Version;
                reads++;
            }

            return reads;
        });

        await writer;
        var reads = await reader;

        Assert.True(Interlocked.Read(ref written) > 20, $"only {written} writes");
        Assert.True(reads > 20, $"only {reads} reads");
        Assert.Single(Directory.GetFiles(_file.Directory));
    }
}
