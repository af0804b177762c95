using System.CommandLine;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Providers;
using Godwit.Core.Schema;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Providers;

namespace Godwit.Cli.Commands;

/// <summary>What <c>schema</c> and <c>assess</c> share: reading the source schema and deciding the target one from the spec.</summary>
internal static class SchemaSupport
{
    public static Option<string?> TargetSchema() => new("--target-schema")
    {
        Description = "PostgreSQL schema to create the tables in. Default: the source database's name.",
        HelpName = "NAME",
    };

    public static Option<IdentifierCase?> IdentifierCaseOption() => new("--identifier-case")
    {
        Description = "lower (default): fold names to lower case; keep: keep them exactly (quoted).",
        HelpName = "lower|keep",
    };

    public static MigrationOptions CommandLineOptions(ParseResult parse, Option<string?> targetSchema, Option<IdentifierCase?> identifierCase, Option<bool>? onUpdateTriggers = null) => new()
    {
        TargetSchema = parse.GetValue(targetSchema),
        IdentifierCase = parse.GetValue(identifierCase),

        // Given: on. Not given: whatever the spec says (off by default).
        OnUpdateTriggers = onUpdateTriggers is not null && parse.GetValue(onUpdateTriggers) ? true : null,
    };

    /// <summary>The <c>--on-update-triggers</c> option of the commands that make tables (schema, migrate, and sync for tables created mid-stream).</summary>
    public static Option<bool> OnUpdateTriggersOption() => new("--on-update-triggers")
    {
        Description = "Emulate ON UPDATE CURRENT_TIMESTAMP columns with BEFORE UPDATE triggers on the target (they do not fire for the stream's own writes). Spec: options.on_update_triggers.",
    };

    /// <summary>The schema the source URI migrates (a MySQL database; a PostgreSQL database's <c>?schema=</c>, default public).</summary>
    public static string RequireDatabase(ConnectionUri source)
    {
        if (string.IsNullOrEmpty(source.Database))
        {
            throw new CliException($"the source URI must name the database to migrate, e.g. mysql://user@host:3306/shop or postgresql://user@host:5432/shop (got {source}).");
        }

        try
        {
            return ProviderRegistry.Source(source).Schema;
        }
        catch (UnsupportedEndpointException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>
    /// The schema a source URI migrates, to qualify bare <c>--tables</c> names with (a MySQL URI's database, a
    /// PostgreSQL URI's <c>?schema=</c>); empty when the URI names no database, which the command refuses later.
    /// </summary>
    public static string SchemaOf(ConnectionUri? source)
    {
        if (source?.Database is null)
        {
            return string.Empty;
        }

        try
        {
            return ProviderRegistry.Source(source).Schema;
        }
        catch (UnsupportedEndpointException)
        {
            return source.Database;
        }
    }

    /// <summary>The source schema now, through the spec's table filter.</summary>
    public static async Task<SourceDatabase> IntrospectAsync(ISourceProvider source, MigrationSpec spec, CancellationToken ct) =>
        Filter(await source.IntrospectAsync(ct), spec);

    /// <summary>Applies <c>tables: include/exclude</c> (<see cref="SchemaPlanner.Filter"/>).</summary>
    public static SourceDatabase Filter(SourceDatabase db, MigrationSpec spec) => SchemaPlanner.Filter(db, spec);

    /// <summary>The pair's type decisions (<see cref="SchemaMappers"/>); a target not named yet (<c>schema --dry-run</c>) is PostgreSQL.</summary>
    public static ISchemaMapper Mapper(ConnectionUri source, ConnectionUri? target)
    {
        try
        {
            return SchemaMappers.For(source.Engine, target?.Engine ?? DatabaseEngine.Postgres);
        }
        catch (UnsupportedEndpointException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    /// <summary>The mapper's casts and plan, a rule that does not fit a column being the operator's error.</summary>
    public static (SchemaCasts Casts, PgSchemaPlan Plan) Plan(ISchemaMapper mapper, SourceDatabase db, MigrationSpec spec)
    {
        try
        {
            return mapper.Map(db, spec);
        }
        catch (CastRuleException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
