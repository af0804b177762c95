using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Specs;

namespace Godwit.Core.Types;

/// <summary>
/// The type decisions of one (source engine, target engine) pair: one <see cref="ColumnCast"/> per column, and the
/// target schema's DDL made from them, so DDL, copy, apply and verify all convert a value the same way.
/// </summary>
public interface ISchemaMapper
{
    DatabaseEngine Source { get; }

    DatabaseEngine Target { get; }

    /// <summary>Each column's cast and the target schema's statements, under the spec's rules and options.</summary>
    /// <exception cref="CastRuleException">A rule of the spec does not fit a column.</exception>
    (SchemaCasts Casts, PgSchemaPlan Plan) Map(SourceDatabase database, MigrationSpec spec);
}
