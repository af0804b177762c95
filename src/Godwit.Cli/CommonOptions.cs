using System.CommandLine;
using System.Globalization;
using System.Numerics;
using Godwit.Core.Connections;

namespace Godwit.Cli;

/// <summary>Factories for the options several commands share, typed and validated at parse time.</summary>
public static class CommonOptions
{
    /// <summary><c>--spec</c>: the migration spec file; <c>./godwit.yaml</c> is read when present.</summary>
    public static Option<FileInfo?> Spec() => new("--spec", "-f")
    {
        Description = "Migration spec file (YAML). Default: ./godwit.yaml when it exists. The command line overrides it.",
        Recursive = true,
        HelpName = "FILE",
    };

    public static Option<ConnectionUri?> Source() => Endpoint(
        "--source",
        "Source database URI, e.g. mysql://user:pass@host:3306/db (password also from GODWIT_SOURCE_PASSWORD or ~/.my.cnf).");

    public static Option<ConnectionUri?> Target() => Endpoint(
        "--target",
        "Target database URI, e.g. postgresql://user:pass@host:5432/db (password also from GODWIT_TARGET_PASSWORD or ~/.pgpass).");

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write machine-readable JSON to stdout; diagnostics stay on stderr.",
    };

    /// <summary>A list of tables (<c>db.table</c> or <c>table</c>), comma-separated or repeated.</summary>
    public static Option<string[]> TableList(string name, string description) => new(name)
    {
        Description = description + " (db.table or table; comma-separated or repeated).",
        AllowMultipleArgumentsPerToken = true,
        HelpName = "TABLE",
    };

    /// <summary>The values of a <see cref="TableList"/> as <c>db.table</c> names, a bare name taken as in <paramref name="database"/>.</summary>
    public static IReadOnlyList<string> QualifiedTableNames(string[]? values, string database) =>
        values is null
            ? []
            : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => v.Contains('.', StringComparison.Ordinal) ? v : $"{database}.{v}")];

    /// <summary>Refuses zero and negative values at parse time (<c>--chunk-rows -5</c> is an error, not a silent default).</summary>
    public static Option<T?> Positive<T>(this Option<T?> option)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T?>() is { } value && value <= T.Zero)
            {
                result.AddError($"{option.Name}: must be a positive number, not {value.ToString(null, CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    /// <summary>Refuses negative values at parse time.</summary>
    public static Option<T> NotNegative<T>(this Option<T> option)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is var value && value < T.Zero)
            {
                result.AddError($"{option.Name}: must be zero or more, not {value.ToString(null, CultureInfo.InvariantCulture)}.");
            }
        });
        return option;
    }

    /// <summary>A positive duration such as <c>500ms</c>, <c>2s</c> or <c>1m</c>, validated at parse time.</summary>
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description,
        HelpName = "DURATION",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is not null && Godwit.Core.Specs.DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a positive duration (e.g. 500ms, 2s, 1m).");
            return defaultValue;
        },
    };

    private static Option<ConnectionUri?> Endpoint(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "URI",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is null)
            {
                return null;
            }

            try
            {
                return ConnectionUri.Parse(text);
            }
            catch (ConnectionUriException ex)
            {
                result.AddError($"{name}: {SecretMasker.Mask(ex.Message)}");
                return null;
            }
        },
    };
}
