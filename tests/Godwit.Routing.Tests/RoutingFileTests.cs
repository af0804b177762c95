namespace Godwit.Routing.Tests;

public sealed class RoutingFileTests : IDisposable
{
    private readonly TemporaryRoutingFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_state_written_to_the_file_reads_back_equal()
    {
        var state = TemporaryRoutingFile.Initial.SwitchedTo(RoutingPrimary.Target, TemporaryRoutingFile.FirstSwitch.AddMinutes(5));

        RoutingFile.Write(_file.Path, state);
        var read = RoutingFile.Read(_file.Path);
        await RoutingFile.WriteAsync(_file.Path, state with { Stream = null, Source = null }, CancellationToken.None);
        var readAsync = await RoutingFile.ReadAsync(_file.Path, CancellationToken.None);

        Assert.Equal(state, read);
        Assert.Equal(state with { Stream = null, Source = null }, readAsync);
        Assert.Equal(2, state.Version);
    }

    [Fact]
    public void The_file_has_snake_case_keys_in_a_fixed_order_and_a_trailing_newline()
    {
        var state = TemporaryRoutingFile.Initial with { SwitchedAt = new DateTimeOffset(2026, 11, 21, 11, 0, 0, 123, TimeSpan.FromHours(1)) };

        var text = RoutingFile.Serialize(state);

        Assert.Equal(
            """
            {
              "format": 1,
              "primary": "source",
              "version": 1,
              "switched_at": "2026-11-21T10:00:00.123Z",
              "source": "mysql://app:****@db1:3306/shop",
              "target": "postgresql://app:****@pg1:5432/shop",
              "stream": "shop"
            }

            """,
            text);
    }

    [Fact]
    public void Absent_optional_values_are_written_as_null()
    {
        var text = RoutingFile.Serialize(new RoutingState { Primary = RoutingPrimary.Target, Version = 0 });

        Assert.Contains("\"switched_at\": null", text, StringComparison.Ordinal);
        Assert.Contains("\"stream\": null", text, StringComparison.Ordinal);
        Assert.Equal(new RoutingState { Primary = RoutingPrimary.Target, Version = 0 }, RoutingFile.Parse(text, "x"));
    }

    [Theory]
    [InlineData("""{"version": 1}""", "primary")]
    [InlineData("""{"primary": "sauce", "version": 1}""", "primary")]
    [InlineData("""{"primary": "Target", "version": 1}""", "primary")]
    [InlineData("""{"primary": 1, "version": 1}""", "primary")]
    [InlineData("""{"primary": "source"}""", "version")]
    [InlineData("""{"primary": "source", "version": -1}""", "version")]
    [InlineData("""{"primary": "source", "version": 1.5}""", "version")]
    [InlineData("""{"primary": "source", "version": "3"}""", "version")]
    [InlineData("""{"primary": "source", "version": null}""", "version")]
    [InlineData("""{"primary": "source", "version": 1, "switched_at": "yesterday"}""", "switched_at")]
    [InlineData("""{"primary": "source", "version": 1, "source": 5}""", "source")]
    [InlineData("""{"primary": "source", "version": 1, "stream": ["a"]}""", "stream")]
    [InlineData("""{"primary": "source", "version": 1, "format": 2}""", "format")]
    [InlineData("""{"primary": "source", "primary": "target", "version": 1}""", "primary")]
    public void An_invalid_field_is_named_with_the_path(string json, string field)
    {
        var path = Path.Combine(_file.Directory, "app", "routing.json");

        var error = Assert.Throws<RoutingFileException>(() => RoutingFile.Parse(json, path));

        Assert.Equal(field, error.Field);
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{field}\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"primary\": \"source\", \"vers")]
    [InlineData("[1, 2]")]
    [InlineData("\"source\"")]
    public void Text_that_is_not_a_json_object_is_refused_with_the_path(string json)
    {
        var error = Assert.Throws<RoutingFileException>(() => RoutingFile.Parse(json, "/etc/app/routing.json"));

        Assert.Null(error.Field);
        Assert.StartsWith("routing file /etc/app/routing.json: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var json = """
            {
              "format": 1, "primary": "target", "version": 7, "cutover_id": "c-42",
              "lag": {"seconds": 0.2, "rows": [1, 2]}, "switched_at": "2026-11-21T10:00:00.123+02:00", "note": null
            }
            """;

        var state = RoutingFile.Parse(json, "routing.json");

        Assert.Equal(RoutingPrimary.Target, state.Primary);
        Assert.Equal(7, state.Version);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, 123, TimeSpan.Zero), state.SwitchedAt);
        Assert.Null(state.Source);
    }

    [Fact]
    public async Task A_missing_file_reads_as_null()
    {
        var missing = Path.Combine(_file.Directory, "nowhere", "routing.json");

        Assert.Null(RoutingFile.Read(missing));
        Assert.Null(await RoutingFile.ReadAsync(missing, CancellationToken.None));
    }

    [Fact]
    public void Writing_creates_the_directory_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_file.Directory, "run", "godwit", "routing.json");

        RoutingFile.Write(path, TemporaryRoutingFile.Initial);
        RoutingFile.Write(path, TemporaryRoutingFile.Initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow));

        Assert.Equal(["routing.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        Assert.Equal(2, RoutingFile.Read(path)!.Version);
    }

    [Fact]
    public async Task A_cancelled_asynchronous_write_leaves_the_old_file_and_no_temporary_file()
    {
        var initial = _file.WriteInitial();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => RoutingFile.WriteAsync(_file.Path, initial.SwitchedTo(RoutingPrimary.Target, DateTimeOffset.UtcNow), cancelled.Token));

        Assert.Equal(initial, RoutingFile.Read(_file.Path));
        Assert.Single(Directory.GetFiles(_file.Directory));
    }

    [Theory]
    [InlineData("mysql://app:secret@db1:3306/shop")]
    [InlineData("postgresql://app@pg1/shop?password=secret")]
    public void A_uri_with_a_password_is_never_written(string uri)
    {
        var error = Assert.Throws<ArgumentException>(() => RoutingFile.Write(_file.Path, TemporaryRoutingFile.Initial with { Target = uri }));

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public void The_directory_of_a_written_file_is_flushed_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(DirectoryFlush.TryFlush(_file.Directory));
        Assert.False(DirectoryFlush.TryFlush(Path.Combine(_file.Directory, "missing")));
    }
}
