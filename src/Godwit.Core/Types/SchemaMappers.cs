using Godwit.Core.Connections;
using Godwit.Core.Providers;

namespace Godwit.Core.Types;

/// <summary>The schema mapper of each (source engine, target engine) pair Godwit migrates between.</summary>
public static class SchemaMappers
{
    /// <exception cref="UnsupportedEndpointException">Godwit does not map this pair (yet).</exception>
    public static ISchemaMapper For(DatabaseEngine source, DatabaseEngine target) => (source, target) switch
    {
        (DatabaseEngine.MySql, DatabaseEngine.Postgres) => MySqlToPostgresMapper.Instance,
        (DatabaseEngine.Postgres, DatabaseEngine.Postgres) => PostgresToPostgresMapper.Instance,
        (DatabaseEngine.MySql, DatabaseEngine.MySql) => MySqlToMySqlMapper.Instance,
        (DatabaseEngine.Postgres, DatabaseEngine.MySql) => PostgresToMySqlMapper.Instance,
        _ => throw new UnsupportedEndpointException($"Godwit does not migrate from {source} to {target} yet."),
    };
}
