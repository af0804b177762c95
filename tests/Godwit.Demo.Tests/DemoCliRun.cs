namespace Godwit.Demo.Tests;

/// <summary>Runs godwit-demo in-process, as its command line, with stdout and stderr captured.</summary>
internal static class DemoCliRun
{
    public static async Task<(int Code, string StdOut, string StdErr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await DemoCli.RunAsync(args, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), handleSignals: false);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
