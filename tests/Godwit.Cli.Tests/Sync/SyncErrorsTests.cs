using Godwit.Core.Connections;
using Godwit.Core.Engines.Sync;
using Godwit.Core.Specs;
using Godwit.Postgres.Streaming;
using Npgsql;

namespace Godwit.Cli.Tests.Sync;

public sealed class SyncErrorsTests
{
    private static readonly PgStreamTarget Target = new(ConnectionUri.Parse("postgresql://godwit@127.0.0.1:5433/godwit"), new MigrationSpec());

    [Theory]
    [InlineData("40P01", "target_conflict", "lock conflict on the target")]
    [InlineData("55P03", "target_conflict", "lock conflict on the target")]
    [InlineData("40001", "target_conflict", "lock conflict on the target")]
    [InlineData("53100", "target_resources", "out of resources")]
    [InlineData("57P01", "target_connection", "lost the target")]
    [InlineData("08006", "target_connection", "lost the target")]
    public void A_target_failure_is_retried_under_the_name_of_what_happened(string sqlState, string kind, string described)
    {
        var error = new PostgresException("simulated", "ERROR", "ERROR", sqlState);

        Assert.True(Target.TryClassify(error, out var classified));
        Assert.Equal(kind, classified);
        Assert.Contains(described, SyncErrors.Describe(kind, error), StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_the_target_refuses_is_not_retried()
    {
        Assert.True(Target.TryClassify(new PostgresException("null value", "ERROR", "ERROR", "23502"), out var kind));
        Assert.Null(kind);
    }
}
