using Godwit.Core.Connections;
using Godwit.Core.Providers;
using Godwit.Core.Types;

namespace Godwit.Core.Tests.Types;

public sealed class SchemaMappersTests
{
    [Fact]
    public void MySql_to_PostgreSQL_is_mapped_by_the_rules_and_the_DDL_generator()
    {
        var mapper = SchemaMappers.For(DatabaseEngine.MySql, DatabaseEngine.Postgres);

        Assert.Same(MySqlToPostgresMapper.Instance, mapper);
        Assert.Equal((DatabaseEngine.MySql, DatabaseEngine.Postgres), (mapper.Source, mapper.Target));
    }

    [Fact]
    public void A_pair_without_a_mapper_is_refused_by_name()
    {
        var refused = Assert.Throws<UnsupportedEndpointException>(() => SchemaMappers.For(DatabaseEngine.Postgres, DatabaseEngine.MySql));

        Assert.Contains("from Postgres to MySql", refused.Message, StringComparison.Ordinal);
    }
}
