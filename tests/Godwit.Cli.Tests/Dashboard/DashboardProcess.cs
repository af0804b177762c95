using System.Text.RegularExpressions;
using Godwit.Cli.Tests.Sync;
using Godwit.Testing;

namespace Godwit.Cli.Tests.Dashboard;

/// <summary>A <c>./godwit dashboard</c> process on a free loopback port, and the address it said it serves.</summary>
internal sealed partial class DashboardProcess : IDisposable
{
    private readonly SyncProcess _process;

    private DashboardProcess(SyncProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string StdErr => _process.StdErr;

    public static async Task<DashboardProcess> StartAsync(params string[] args)
    {
        var process = SyncProcess.Start(["dashboard", "--listen", "127.0.0.1:0", .. args]);
        Uri? address = null;
        try
        {
            await Waiting.UntilAsync(
                () =>
                {
                    var match = Announced().Match(process.StdErr);
                    address = match.Success ? new Uri(match.Groups[1].Value) : null;
                    return Task.FromResult(address is not null || process.HasExited);
                },
                // As long as any other ./godwit run in these tests may take (GodwitProcess.RunAsync): a start waits
                // for the CLI's build when another test began it.
                TimeSpan.FromMinutes(3),
                "the dashboard to say where it serves");
            return new DashboardProcess(process, address ?? throw new InvalidOperationException("the dashboard exited:\n" + process.StdErr));
        }
        catch (TimeoutException ex)
        {
            var written = process.StdErr;
            process.Dispose();
            throw new TimeoutException(ex.Message + "; it wrote:\n" + written, ex);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"godwit: dashboard: (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Announced();
}
