using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;

namespace Godwit.Postgres.Source;

/// <summary>
/// Runs <c>pg_dump --schema-only</c> for one schema of a PostgreSQL source, a section at a time. pg_dump is the
/// well-kept tool that knows every object PostgreSQL has (types, domains, partitioned tables, generated columns,
/// policies, triggers…), version by version; re-implementing it would only trail it. It must be at least the
/// server's major version: the newest installed one is used (<c>GODWIT_PG_DUMP</c> names another). The password goes
/// in the environment, never on the command line.
/// </summary>
internal static partial class PgDump
{
    public const string ExecutableVariable = "GODWIT_PG_DUMP";

    /// <summary>The schema's pre-data (types, tables, sequences, functions, views) and post-data (keys, indexes, constraints, triggers, policies) statements.</summary>
    public static async Task<IReadOnlyList<DdlStatement>> SchemaAsync(
        ConnectionUri source, IReadOnlyList<string> schemas, bool keysBySchema, int serverMajor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var executable = await FindAsync(serverMajor, cancellationToken).ConfigureAwait(false);
        var statements = new List<DdlStatement>
        {
            // Function bodies may name tables made later in the script (pg_dump sets the same).
            new(DdlPhase.PreData, DdlObjectKind.Other, "check_function_bodies", "SET LOCAL check_function_bodies = false"),
        };
        if (schemas.Count == 0)
        {
            // pg_dump without --schema would dump every schema, godwit's own included.
            return statements;
        }

        statements.AddRange(PgDumpSplitter.Split(await RunAsync(executable, source, schemas, "pre-data", cancellationToken).ConfigureAwait(false), DdlPhase.PreData, schemas, keysBySchema));
        statements.AddRange(PgDumpSplitter.Split(await RunAsync(executable, source, schemas, "post-data", cancellationToken).ConfigureAwait(false), DdlPhase.PostData, schemas, keysBySchema));
        return statements;
    }

    private static async Task<string> FindAsync(int serverMajor, CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } chosen)
        {
            candidates.Add(chosen);
        }
        else
        {
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin", "pg_dump"))
                    .Where(File.Exists)
                    .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), CultureInfo.InvariantCulture, out var v) ? v : 0));
            }

            candidates.Add("pg_dump");
        }

        foreach (var candidate in candidates)
        {
            var (code, output, _) = await ExecAsync(candidate, ["--version"], null, cancellationToken).ConfigureAwait(false);
            if (code == 0 && Version().Match(output) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) >= serverMajor)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"no pg_dump of version {serverMajor} or later was found (tried {string.Join(", ", candidates)}): the schema of a PostgreSQL {serverMajor} "
            + $"source is read with it. Install postgresql-client-{serverMajor} (or later), or set {ExecutableVariable} to its path.");
    }

    private static async Task<string> RunAsync(string executable, ConnectionUri source, IReadOnlyList<string> schemas, string section, CancellationToken cancellationToken)
    {
        var settings = PgConnectionFactory.ToConnectionString(source);
        var conninfo = new StringBuilder();
        void Add(string key, string? value)
        {
            if (value is not null)
            {
                conninfo.Append(key).Append("='").Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("' ");
            }
        }

        Add("host", settings.Host);
        Add("port", settings.Port.ToString(CultureInfo.InvariantCulture));
        Add("user", settings.Username);
        Add("dbname", settings.Database);
        Add("sslmode", source.GetOption("sslmode"));
        Add("sslrootcert", source.GetOption("sslrootcert"));
        Add("application_name", "godwit-schema");
        // Each name quoted: pg_dump reads --schema as a pattern, where an unquoted name folds to lower case and * ? match.
        var patterns = schemas.Select(s => "--schema=\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        var (code, output, error) = await ExecAsync(
            executable,
            ["--schema-only", "--section=" + section, "--no-owner", "--no-publications", "--no-subscriptions", .. patterns, "--dbname=" + conninfo.ToString().Trim()],
            settings.Password,
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_dump --section={section} of schema {string.Join(", ", schemas)} failed (exit {code}): {error.Trim()}");
        }

        return output;
    }

    private static async Task<(int Code, string Output, string Error)> ExecAsync(string executable, IReadOnlyList<string> arguments, string? password, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("PGPASSWORD");
        if (password is not null)
        {
            info.Environment["PGPASSWORD"] = password;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, string.Empty, $"{executable} not found");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\) (\d+)")]
    private static partial Regex Version();
}
