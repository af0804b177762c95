using System.CommandLine;
using System.CommandLine.Parsing;
using Godwit.Core.Connections;
using Godwit.Core.Specs;

namespace Godwit.Demo;

/// <summary>Option factories shared by the demo's commands, parsed and validated like godwit's own.</summary>
internal static class DemoOptions
{
    public static Option<ConnectionUri> Source(string description) => Endpoint("--source", description);

    public static Option<ConnectionUri> Target(string description) => Endpoint("--target", description);

    public static Option<string?> TargetSchema() => new("--target-schema")
    {
        Description = "The PostgreSQL schema holding the migrated tables. Default: the source database's name (as godwit migrate does).",
        HelpName = "NAME",
    };

    public static Option<bool> Json() => new("--json") { Description = "Write machine-readable JSON to stdout; progress stays on stderr." };

    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a positive duration (e.g. 500ms, 30s, 2m).");
            return null;
        },
    };

    private static Option<ConnectionUri> Endpoint(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URI",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
            try
            {
                return ConnectionUri.Parse(text);
            }
            catch (ConnectionUriException ex)
            {
                result.AddError($"{name}: {SecretMasker.Mask(ex.Message)}");
                return null!;
            }
        },
    };
}
