using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Godwit.Core.Specs;

/// <summary>
/// Reads <c>godwit.yaml</c> strictly: an unknown key or a bad value is an error naming the file, the line
/// and the key, so that a typo never silently falls back to a default.
/// </summary>
public static class MigrationSpecLoader
{
    public const string DefaultFileName = "godwit.yaml";

    private static readonly string[] TopLevelKeys = ["source", "target", "tables", "rules", "options"];
    private static readonly string[] TableKeys = ["include", "exclude"];
    private static readonly string[] RuleKeys = ["type", "column", "table", "to", "zero_dates", "enum"];
    private static readonly string[] OptionKeys =
    [
        "jobs", "on_error", "reject_file", "on_ddl", "identifier_case", "if_exists", "target_schema", "on_update_triggers", "spatial",
        "routing_file", "metrics", "max_lag", "freeze_timeout",
    ];

    private static readonly string[] ZeroDatePolicies = ["null", "error", "-infinity", "keep"];
    private static readonly string[] EnumPolicies = ["text+check", "pg-enum", "text"];

    public static MigrationSpec LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SpecException($"{path}: spec file not found.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static MigrationSpec Parse(string yaml, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new SpecException($"{origin}:{ex.Start.Line}: not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new MigrationSpec { Origin = origin };
        }

        var ctx = new Context(origin);
        var root = ctx.Mapping(stream.Documents[0].RootNode, "the spec");
        var spec = new MigrationSpec { Origin = origin };
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ctx.Key(keyNode, TopLevelKeys, "the spec");
            spec = key switch
            {
                "source" => spec with { Source = ctx.String(value, key) },
                "target" => spec with { Target = ctx.String(value, key) },
                "tables" => ReadTables(ctx, value, spec),
                "rules" => spec with { Rules = ReadRules(ctx, value) },
                "options" => spec with { Options = ReadOptions(ctx, value) },
                _ => spec,
            };
        }

        return spec;
    }

    private static MigrationSpec ReadTables(Context ctx, YamlNode node, MigrationSpec spec)
    {
        // `tables: [a, b]` is shorthand for `tables: { include: [a, b] }`.
        if (node is YamlSequenceNode)
        {
            return spec with { IncludeTables = ctx.StringList(node, "tables") };
        }

        foreach (var (keyNode, value) in ctx.Mapping(node, "tables").Children)
        {
            var key = ctx.Key(keyNode, TableKeys, "tables");
            spec = key == "include"
                ? spec with { IncludeTables = ctx.StringList(value, "tables.include") }
                : spec with { ExcludeTables = ctx.StringList(value, "tables.exclude") };
        }

        return spec;
    }

    private static List<TypeRuleSpec> ReadRules(Context ctx, YamlNode node)
    {
        if (node is not YamlSequenceNode seq)
        {
            throw ctx.Error(node, "'rules' must be a list of rules, e.g. '- type: datetime' with 'to: timestamptz'.");
        }

        var rules = new List<TypeRuleSpec>();
        foreach (var item in seq.Children)
        {
            var rule = new TypeRuleSpec { Line = (int)item.Start.Line };
            foreach (var (keyNode, value) in ctx.Mapping(item, "a rule").Children)
            {
                var key = ctx.Key(keyNode, RuleKeys, "rules");
                var text = ctx.String(value, $"rules.{key}");
                rule = key switch
                {
                    "type" => rule with { Type = text },
                    "column" => rule with { Column = ctx.Dotted(value, text, 3, "rules.column", "db.table.column") },
                    "table" => rule with { Table = ctx.Dotted(value, text, 2, "rules.table", "db.table") },
                    "to" => rule with { To = text },
                    "zero_dates" => rule with { ZeroDates = ctx.OneOf(value, text, ZeroDatePolicies, "rules.zero_dates") },
                    "enum" => rule with { Enum = ctx.OneOf(value, text.Replace(' ', '-'), EnumPolicies, "rules.enum") },
                    _ => rule,
                };
            }

            if (rule.Type is null && rule.Column is null && rule.Table is null && rule.ZeroDates is null && rule.Enum is null)
            {
                throw ctx.Error(item, "a rule needs 'type', 'column' or 'table' to say what it applies to.");
            }

            if (rule.To is null && rule.ZeroDates is null && rule.Enum is null)
            {
                throw ctx.Error(item, "a rule needs 'to', 'zero_dates' or 'enum' to say what it does.");
            }

            if (rule.Column is not null && (rule.Type is not null || rule.Table is not null))
            {
                throw ctx.Error(item, "a 'column' rule cannot also have 'type' or 'table'.");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private static MigrationOptions ReadOptions(Context ctx, YamlNode node)
    {
        var o = new MigrationOptions();
        foreach (var (keyNode, value) in ctx.Mapping(node, "options").Children)
        {
            var key = ctx.Key(keyNode, OptionKeys, "options");
            var name = $"options.{key}";
            o = key switch
            {
                "jobs" => o with { Jobs = ctx.PositiveInt(value, name) },
                "on_error" => o with { OnError = ctx.Enum<OnErrorMode>(value, name) },
                "reject_file" => o with { RejectFile = ctx.String(value, name) },
                "on_ddl" => o with { OnDdl = ctx.Enum<OnDdlMode>(value, name) },
                "identifier_case" => o with { IdentifierCase = ctx.Enum<IdentifierCase>(value, name) },
                "if_exists" => o with { IfExists = ctx.Enum<IfExistsMode>(value, name) },
                "target_schema" => o with { TargetSchema = ctx.String(value, name) },
                "routing_file" => o with { RoutingFile = ctx.String(value, name) },
                "metrics" => o with { Metrics = ctx.String(value, name) },
                "max_lag" => o with { MaxLag = ctx.Duration(value, name) },
                "freeze_timeout" => o with { FreezeTimeout = ctx.Duration(value, name) },
                "on_update_triggers" => o with { OnUpdateTriggers = ctx.Bool(value, name) },
                "spatial" => o with { Spatial = ctx.Enum<SpatialMode>(value, name) },
                _ => o,
            };
        }

        return o;
    }

    private sealed class Context(string origin)
    {
        public SpecException Error(YamlNode node, string message) =>
            new($"{origin}:{node.Start.Line}: {message}");

        public YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values.");

        public string Key(YamlNode node, string[] allowed, string where)
        {
            var key = (node as YamlScalarNode)?.Value ?? throw Error(node, $"a key in {where} must be a plain name.");
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error(node, $"unknown key '{key}' in {where}; expected one of: {string.Join(", ", allowed)}.");
            }

            return key;
        }

        public string String(YamlNode node, string key)
        {
            if (node is not YamlScalarNode { Value: { } value })
            {
                throw Error(node, $"'{key}' must be a single value.");
            }

            return value;
        }

        public List<string> StringList(YamlNode node, string key)
        {
            if (node is YamlScalarNode scalar)
            {
                return [.. String(scalar, key).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }

            if (node is not YamlSequenceNode seq)
            {
                throw Error(node, $"'{key}' must be a list of names.");
            }

            return [.. seq.Children.Select(c => String(c, key))];
        }

        public int PositiveInt(YamlNode node, string key)
        {
            var text = String(node, key);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw Error(node, $"'{key}' must be a whole number of at least 1, not '{text}'.");
            }

            return n;
        }

        public T Enum<T>(YamlNode node, string key)
            where T : struct, System.Enum
        {
            var text = String(node, key);
            if (!System.Enum.TryParse<T>(text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value)
                || !System.Enum.IsDefined(value)
                || text.All(char.IsAsciiDigit))
            {
                var names = System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant());
                throw Error(node, $"'{key}' must be one of {string.Join(", ", names)}, not '{text}'.");
            }

            return value;
        }

        public bool Bool(YamlNode node, string key)
        {
            var text = String(node, key);
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw Error(node, $"'{key}' must be true or false, not '{text}'."),
            };
        }

        public TimeSpan Duration(YamlNode node, string key)
        {
            var text = String(node, key);
            return DurationParser.TryParse(text, out var value)
                ? value
                : throw Error(node, $"'{key}' must be a duration such as 500ms, 1s, 2m or 1h, not '{text}'.");
        }

        public string OneOf(YamlNode node, string text, string[] allowed, string key) =>
            allowed.Contains(text, StringComparer.OrdinalIgnoreCase)
                ? text.ToLowerInvariant()
                : throw Error(node, $"'{key}' must be one of {string.Join(", ", allowed)}, not '{text}'.");

        public string Dotted(YamlNode node, string text, int parts, string key, string shape) =>
            text.Split('.').Length == parts && !text.Split('.').Any(string.IsNullOrWhiteSpace)
                ? text
                : throw Error(node, $"'{key}' must look like {shape}, not '{text}'.");
    }
}
