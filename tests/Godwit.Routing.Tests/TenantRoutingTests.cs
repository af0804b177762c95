namespace Godwit.Routing.Tests;

public sealed class TenantRoutingTests : IDisposable
{
    private const int ReadOnly = 1290;
    private static readonly DateTimeOffset At = TemporaryRoutingFile.FirstSwitch.AddMinutes(1);
    private readonly TemporaryRoutingFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public void A_tenant_switch_raises_the_files_version_and_gives_the_tenant_that_version()
    {
        var initial = TemporaryRoutingFile.Initial;

        var moved = initial.SwitchedTenantTo("acme", RoutingPrimary.Target, At, "shop-acme");

        Assert.Equal(initial.Version + 1, moved.Version);
        Assert.Equal(RoutingPrimary.Source, moved.Primary);
        Assert.Equal(new TenantRouting("acme", RoutingPrimary.Target, moved.Version, HasOwnEntry: true), moved.RouteFor("acme"));
        Assert.Equal(new TenantRouting("globex", RoutingPrimary.Source, moved.Version, HasOwnEntry: false), moved.RouteFor("globex"));
        var back = moved.SwitchedTenantTo("acme", RoutingPrimary.Source, At.AddMinutes(1));
        Assert.Equal(moved.Version + 1, back.RouteFor("acme").Version);
        Assert.Equal("shop-acme", back.Tenants["acme"].Stream);
    }

    [Fact]
    public void A_routing_map_reads_back_equal_and_a_plain_file_has_no_tenants_object()
    {
        var map = TemporaryRoutingFile.Initial
            .SwitchedTenantTo("acme", RoutingPrimary.Target, At, "shop-acme")
            .SwitchedTenantTo("42", RoutingPrimary.Target, At.AddSeconds(1));

        RoutingFile.Write(_file.Path, map);

        Assert.Equal(map, RoutingFile.Read(_file.Path));
        var text = File.ReadAllText(_file.Path);
        Assert.True(text.IndexOf("\"42\"", StringComparison.Ordinal) < text.IndexOf("\"acme\"", StringComparison.Ordinal), text);
        Assert.DoesNotContain("tenants", RoutingFile.Serialize(TemporaryRoutingFile.Initial), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":{"primary":"postgres","version":2}}}""", "tenants.acme.primary")]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":{"primary":"target"}}}""", "tenants.acme.version")]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":{"primary":"target","version":4}}}""", "tenants.acme.version")]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":{"primary":"target","version":2},"acme":{"primary":"source","version":3}}}""", "tenants.acme")]
    [InlineData("""{"primary":"source","version":3,"tenants":["acme"]}""", "tenants")]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":"target"}}""", "tenants.acme")]
    [InlineData("""{"primary":"source","version":3,"tenants":{"acme":{"primary":"target","version":2,"switched_at":"yesterday"}}}""", "tenants.acme.switched_at")]
    public void A_faulty_tenant_entry_makes_the_file_invalid_and_the_error_names_the_entry_and_field(string json, string field)
    {
        var error = Assert.Throws<RoutingFileException>(() => RoutingFile.Parse(json, "/etc/shop/routing.json"));

        Assert.Equal(field, error.Field);
        Assert.Contains($"\"{field}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follower_refuses_a_tenant_entry_that_went_back_changed_without_a_version_or_disappeared()
    {
        var map = TemporaryRoutingFile.Initial.SwitchedTenantTo("acme", RoutingPrimary.Target, At);
        RoutingFile.Write(_file.Path, map);
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);

        var faulty = new[]
        {
            (map with { Version = map.Version + 1, Tenants = TenantRoutes.Empty }, "tenants.acme"),
            (map with { Version = map.Version + 1, Tenants = map.Tenants.With("acme", map.Tenants["acme"] with { Primary = RoutingPrimary.Source }) }, "tenants.acme.primary"),
            (map with { Version = map.Version + 1, Tenants = map.Tenants.With("acme", map.Tenants["acme"] with { Version = 1 }) }, "tenants.acme.version"),
        };

        foreach (var (state, field) in faulty)
        {
            RoutingFile.Write(_file.Path, state);
            await follower.RefreshAsync(CancellationToken.None);

            Assert.Equal(map, follower.Current);
            Assert.Equal(field, Assert.IsType<RoutingFileException>(follower.LastError).Field);
        }

        var good = map.SwitchedTenantTo("acme", RoutingPrimary.Source, At.AddMinutes(2));
        RoutingFile.Write(_file.Path, good);
        Assert.Equal(good, await follower.RefreshAsync(CancellationToken.None));
        Assert.Null(follower.LastError);
    }

    [Fact]
    public async Task A_write_of_a_frozen_tenant_is_retried_on_its_new_primary_while_other_tenants_stay_on_the_source()
    {
        var initial = _file.WriteInitial();
        await using var follower = await RoutingFollower.StartAsync(_file.Path, null, CancellationToken.None);
        // The first wait is an hour, so only the tenant's switch can end it (the test's own guard is a minute).
        var writer = new RoutedWriter(follower, new RoutedWriterOptions
        {
            IsRetryable = SimulatedDriverException.IsRetryable,
            InitialDelay = TimeSpan.FromHours(1),
            MaxDelay = TimeSpan.FromHours(1),
            RetryTimeout = TimeSpan.FromHours(2),
        });
        var attempts = new List<TenantRouting>();

        var result = await writer.ExecuteForTenantAsync(
            "acme",
            async (route, token) =>
            {
                attempts.Add(route);
                if (route.Primary == RoutingPrimary.Source)
                {
                    // The tenant is frozen on the source and moved: its write is refused once, then goes to the target.
                    await RoutingFile.WriteAsync(_file.Path, initial.SwitchedTenantTo("acme", RoutingPrimary.Target, At), token);
                    throw new SimulatedDriverException(ReadOnly);
                }

                return "booked";
            },
            CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("booked", result);
        Assert.Equal(
            [new TenantRouting("acme", RoutingPrimary.Source, 1, false), new TenantRouting("acme", RoutingPrimary.Target, 2, true)],
            attempts);
        var other = await writer.ExecuteForTenantAsync("globex", (route, _) => Task.FromResult(route), CancellationToken.None);
        Assert.Equal(new TenantRouting("globex", RoutingPrimary.Source, 2, false), other);
    }
}
