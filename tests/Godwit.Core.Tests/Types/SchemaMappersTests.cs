using Godwit.Core.Connections;
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

    [Theory]
    [InlineData(DatabaseEngine.MySql, DatabaseEngine.MySql, typeof(MySqlToMySqlMapper))]
    [InlineData(DatabaseEngine.Postgres, DatabaseEngine.Postgres, typeof(PostgresToPostgresMapper))]
    [InlineData(DatabaseEngine.Postgres, DatabaseEngine.MySql, typeof(PostgresToMySqlMapper))]
    public void Every_other_pair_has_its_own_mapper_for_its_direction(DatabaseEngine source, DatabaseEngine target, Type expected)
    {
        var mapper = SchemaMappers.For(source, target);

        Assert.IsType(expected, mapper);
        Assert.Equal((source, target), (mapper.Source, mapper.Target));
    }
}
