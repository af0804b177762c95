using Godwit.Cli.Sync;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Engines.Cutover;
using Godwit.Core.Specs;
using Godwit.Core.Types;
using Godwit.Providers;

namespace Godwit.Cli.Cutover;

/// <summary>
/// The migration's endpoints the other way round, for the reverse stream after a cutover and for a rollback: the
/// target, read as a source of its target schema, and the source, written as a target of its own schema. Only
/// providers are composed here (<see cref="ProviderRegistry"/>).
/// </summary>
public static class ReverseEndpoints
{
    /// <summary>The forward migration's target schema (as the schema command names it for this pair).</summary>
    public static string TargetSchema(ConnectionUri source, ConnectionUri target, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(spec);
        var sourceSchema = ProviderRegistry.Source(source).Schema;
        return (source.Engine, target.Engine) switch
        {
            (DatabaseEngine.Postgres, _) => sourceSchema,
            (DatabaseEngine.MySql, DatabaseEngine.MySql) => spec.Options.TargetSchema ?? sourceSchema,
            _ => new DdlOptions { TargetSchema = spec.Options.TargetSchema, IdentifierCase = spec.Options.IdentifierCase ?? IdentifierCase.Lower }.ResolveTargetSchema(sourceSchema),
        };
    }

    /// <summary>
    /// The target read as a source: its URI narrowed to the target schema (a PostgreSQL <c>?schema=</c>, a MySQL
    /// database). A migration from a PostgreSQL source of several schemas (<paramref name="forwardSource"/>) has no one
    /// target schema: the target is read as that source was, with the same <c>?schema=</c> list (or every non-system
    /// schema), each table in the schema of its own name, and under the same name (<c>?migration=</c>), so the streams
    /// and cutovers of both directions name the one migration alike.
    /// </summary>
    public static ConnectionUri TargetAsSource(ConnectionUri target, string targetSchema, ConnectionUri? forwardSource = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Engine == DatabaseEngine.Postgres && forwardSource is not null && ProviderRegistry.Source(forwardSource).KeysBySchema)
        {
            var named = target.WithoutOption("schema").WithOption("migration", targetSchema);
            return forwardSource.GetOption("schema") is { } list ? named.WithOption("schema", list) : named;
        }

        return target.Engine == DatabaseEngine.Postgres ? target.WithOption("schema", targetSchema) : target.WithDatabase(targetSchema);
    }

    /// <summary>
    /// The source written as a target: a PostgreSQL source's <c>?schema=</c> names what it reads, which a target takes
    /// from the spec instead (<see cref="ReverseSpec"/>), so it goes.
    /// </summary>
    public static ConnectionUri SourceAsTarget(ConnectionUri source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Engine == DatabaseEngine.Postgres ? source.WithoutOption("schema").WithoutOption("migration") : source;
    }

    /// <summary>The spec of the stream the other way: its target schema is the source's own.</summary>
    public static MigrationSpec ReverseSpec(ConnectionUri source, MigrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with { Options = spec.Options with { TargetSchema = ProviderRegistry.Source(source).Schema }, Rules = [] };
    }

    /// <summary>Whether Godwit can stream the target's changes back into the source (a mapper for the pair the other way).</summary>
    public static bool Supported(ConnectionUri source, ConnectionUri target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            _ = SchemaMappers.For(target.Engine, source.Engine);
            return true;
        }
        catch (Core.Providers.UnsupportedEndpointException)
        {
            return false;
        }
    }

    /// <summary>
    /// The reverse stream of the forward stream <paramref name="forward"/>: the target read as a source of the forward
    /// target schema, into the source's own schema, named <c>&lt;stream&gt;_reverse</c> (<see cref="ReverseStream.NameFor"/>).
    /// It starts where the cutover recorded it: an explicit start does not apply.
    /// </summary>
    public static SyncRunOptions ReverseRun(SyncRunOptions forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        var forwardSchema = TargetSchema(forward.Source, forward.Target, forward.Spec);
        return new SyncRunOptions
        {
            Source = TargetAsSource(forward.Target, forwardSchema, forward.Source),
            Target = SourceAsTarget(forward.Source),
            Spec = ReverseSpec(forward.Source, forward.Spec),
            Stream = ReverseStream.NameFor(forward.Stream ?? forwardSchema),
            OnDdl = forward.OnDdl,
            UntilCaughtUp = forward.UntilCaughtUp,
        };
    }

    /// <summary>
    /// The stream a switch prepares the other way: from <paramref name="newPrimary"/> (read as a source of
    /// <paramref name="newPrimarySchema"/>) into <paramref name="oldPrimarySchema"/> of <paramref name="oldPrimary"/>,
    /// named <paramref name="stream"/>.
    /// </summary>
    /// <param name="forwardSource">The forward migration's source (how a migration of several PostgreSQL schemas reads either side).</param>
    public static ReverseStream Prepare(
        ConnectionUri newPrimary, string newPrimarySchema, ConnectionUri oldPrimary, string oldPrimarySchema, MigrationSpec oldPrimarySpec, string stream, ConnectionUri forwardSource)
    {
        var reader = ProviderRegistry.Source(TargetAsSource(newPrimary, newPrimarySchema, forwardSource));
        var oldPrimaryAsTarget = ProviderRegistry.Target(SourceAsTarget(oldPrimary));
        return new ReverseStream(reader, oldPrimaryAsTarget.Stream(oldPrimarySpec), oldPrimaryAsTarget.Control, stream, newPrimarySchema, oldPrimarySchema);
    }
}
