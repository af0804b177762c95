using System.Text.Json;
using Godwit.Cli.Logging;
using Godwit.Core.Connections;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Godwit.Cli;

/// <summary>
/// Where a command writes: <see cref="Out"/> (stdout) carries results and <c>--json</c>;
/// <see cref="Error"/> (stderr) carries diagnostics and progress. Injected so tests can read both.
/// Both streams pass through <see cref="MaskingTextWriter"/>, so no password reaches either.
/// </summary>
public sealed class CliConsole
{
    private const int PlainWidth = 160;

    private CliConsole(TextWriter stdout, TextWriter stderr, IAnsiConsole output, IAnsiConsole error)
    {
        StdOut = stdout;
        StdErr = stderr;
        Out = output;
        Error = error;
    }

    /// <summary>Results for people, on stdout.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Diagnostics and progress, on stderr.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Raw stdout for machine-readable output, untouched by Spectre's wrapping.</summary>
    public TextWriter StdOut { get; }

    /// <summary>Raw stderr.</summary>
    public TextWriter StdErr { get; }

    /// <summary>
    /// Set by a command whose outcome a stop signal must not relabel: a cutover that switched while Ctrl-C was
    /// pressed has switched, and exits 0, not 130.
    /// </summary>
    public int? FinalExitCode { get; set; }

    public static CliConsole FromProcess()
    {
        var stdout = new MaskingTextWriter(Console.Out);
        var stderr = new MaskingTextWriter(Console.Error);
        return new CliConsole(
            stdout,
            stderr,
            Terminal(stdout, Console.IsOutputRedirected),
            Terminal(stderr, Console.IsErrorRedirected));
    }

    /// <summary>A plain, colourless console over writers, for tests and pipes.</summary>
    public static CliConsole FromWriters(TextWriter stdout, TextWriter stderr)
    {
        var o = new MaskingTextWriter(stdout);
        var e = new MaskingTextWriter(stderr);
        return new CliConsole(o, e, Plain(o), Plain(e));
    }

    /// <summary>The level and format diagnostics are written at (the global <c>--verbose</c>, <c>--quiet</c>, <c>--log-format</c>).</summary>
    public CliLogOptions LogOptions { get; set; } = CliLogOptions.Default;

    /// <summary>Loggers by category over this console's stderr (<see cref="CliLoggerProvider"/>).</summary>
    public ILoggerFactory Logging => _logging ??= LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new CliLoggerProvider(this)));

    private static readonly JsonSerializerOptions JsonLines = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ILoggerFactory? _logging;

    /// <summary>Writes one diagnostic line to stderr, masked, at the level its words give (<c>error:</c>, <c>warning:</c>, else information).</summary>
    public void Diagnostic(string message)
    {
        var level = DiagnosticLevel.Of(message);
        if (level >= LogOptions.MinimumLevel)
        {
            Log(level, "Godwit", message);
        }
    }

    /// <summary>Writes one log line to stderr, masked: the message as it is, or a JSON object with time, level and category.</summary>
    public void Log(LogLevel level, string category, string message)
    {
        var masked = SecretMasker.Mask(message);
        if (LogOptions.Format == LogFormat.Json)
        {
            masked = JsonSerializer.Serialize(
                new Dictionary<string, string>
            {
                ["time"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["level"] = level.ToString().ToLowerInvariant(),
                ["category"] = category,
                ["message"] = masked,
            },
                JsonLines);
        }

        lock (StdErr)
        {
            StdErr.WriteLine(masked);
            StdErr.Flush();
        }
    }

    // The masking writer hides whether the real stream is a terminal, so decide it here: colours and
    // live progress only on a terminal, plain text into pipes and files (and when NO_COLOR is set).
    private static IAnsiConsole Terminal(TextWriter writer, bool redirected) =>
        redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 }
            ? Plain(writer)
            : AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(writer),
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.Detect,
            });

    private static IAnsiConsole Plain(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // A pipe or file has no width; Spectre would assume 80 columns and wrap URIs and messages.
        console.Profile.Width = PlainWidth;
        return console;
    }
}
