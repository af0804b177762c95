using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Godwit.Cli.Logging;

/// <summary>The global logging options (<c>--verbose</c>, <c>--quiet</c>, <c>--log-format</c>), valid on every command.</summary>
internal static class GlobalLogOptions
{
    private const string VerboseName = "--verbose";
    private const string QuietName = "--quiet";
    private const string FormatName = "--log-format";

    /// <summary>New instances of the three options, for one command tree.</summary>
    public static IEnumerable<Option> Create()
    {
        var verbose = new Option<bool>(VerboseName) { Description = "Also write debug diagnostics (each commit of the stream, …).", Recursive = true };
        var quiet = new Option<bool>(QuietName) { Description = "Write only warnings and errors on stderr.", Recursive = true };
        var format = new Option<LogFormat>(FormatName)
        {
            Description = "Diagnostics on stderr as text lines (default) or one JSON object per line (time, level, category, message) for log shippers.",
            HelpName = "text|json",
            Recursive = true,
            DefaultValueFactory = _ => LogFormat.Text,
        };
        quiet.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<bool>() && result.GetResult(verbose) is { } v && v.GetValueOrDefault<bool>())
            {
                result.AddError("--quiet and --verbose contradict each other: give one.");
            }
        });
        return [verbose, quiet, format];
    }

    public static CliLogOptions From(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var level = Value<bool>(parse, VerboseName) ? LogLevel.Debug : Value<bool>(parse, QuietName) ? LogLevel.Warning : LogLevel.Information;
        return new CliLogOptions(level, Value<LogFormat>(parse, FormatName));
    }

    /// <summary>The option's value, or its default when the command line has errors that keep it from being read.</summary>
    private static T Value<T>(ParseResult parse, string name)
    {
        try
        {
            return parse.GetValue<T>(name)!;
        }
        catch (InvalidOperationException)
        {
            return default!;
        }
    }
}
