using Godwit.Core.Specs;

namespace Godwit.Core.Tests;

public sealed class MigrationSpecLoaderTests
{
    private const string FullSpec = """
        source: mysql://app@db:3306/shop
        target: postgresql://app@pg:5432/shop
        tables:
          include: [shop.customers, shop.orders]
          exclude:
            - shop.audit_log
        rules:
          - type: datetime
            to: timestamptz
          - column: shop.orders.placed_at
            to: timestamp
          - table: shop.legacy
            type: tinyint(1)
            to: smallint
          - type: date
            zero_dates: -infinity
          - type: enum
            enum: pg enum
        options:
          jobs: 8
          on_error: skip
          reject_file: rejects.jsonl
          on_ddl: stop
          identifier_case: keep
          if_exists: drop
          max_lag: 500ms
          freeze_timeout: 30s
          on_update_triggers: true
        """;

    [Fact]
    public void A_full_spec_is_read_into_every_field()
    {
        var spec = MigrationSpecLoader.Parse(FullSpec, "godwit.yaml");

        Assert.Equal("mysql://app@db:3306/shop", spec.Source);
        Assert.Equal("postgresql://app@pg:5432/shop", spec.Target);
        Assert.Equal(["shop.customers", "shop.orders"], spec.IncludeTables);
        Assert.Equal(["shop.audit_log"], spec.ExcludeTables);
        Assert.Equal(5, spec.Rules.Count);
        Assert.Equal(new TypeRuleSpec { Type = "datetime", To = "timestamptz", Line = 8 }, spec.Rules[0]);
        Assert.Equal("shop.orders.placed_at", spec.Rules[1].Column);
        Assert.Equal("shop.legacy", spec.Rules[2].Table);
        Assert.Equal("-infinity", spec.Rules[3].ZeroDates);
        Assert.Equal("pg-enum", spec.Rules[4].Enum);
        Assert.Equal(8, spec.Options.Jobs);
        Assert.Equal(OnErrorMode.Skip, spec.Options.OnError);
        Assert.Equal(OnDdlMode.Stop, spec.Options.OnDdl);
        Assert.Equal(IdentifierCase.Keep, spec.Options.IdentifierCase);
        Assert.Equal(IfExistsMode.Drop, spec.Options.IfExists);
        Assert.Equal(TimeSpan.FromMilliseconds(500), spec.Options.MaxLag);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.Options.FreezeTimeout);
        Assert.True(spec.Options.OnUpdateTriggers);
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_key_and_its_line()
    {
        var yaml = "source: mysql://u@h/db\noptions:\n  jobs: 2\n  jbos: 4\n";

        var ex = Assert.Throws<SpecException>(() => MigrationSpecLoader.Parse(yaml, "godwit.yaml"));

        Assert.StartsWith("godwit.yaml:4: unknown key 'jbos' in options", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("options:\n  jobs: many\n", "godwit.yaml:2: 'options.jobs' must be a whole number")]
    [InlineData("options:\n  on_error: ignore\n", "godwit.yaml:2: 'options.on_error' must be one of stop, skip")]
    [InlineData("options:\n  max_lag: soon\n", "godwit.yaml:2: 'options.max_lag' must be a duration")]
    [InlineData("options:\n  on_update_triggers: sometimes\n", "godwit.yaml:2: 'options.on_update_triggers' must be true or false")]
    [InlineData("rules:\n  - column: orders.total\n    to: numeric\n", "godwit.yaml:2: 'rules.column' must look like db.table.column")]
    [InlineData("rules:\n  - type: datetime\n", "godwit.yaml:2: a rule needs 'to'")]
    [InlineData("rules:\n  - type: date\n    zero_dates: maybe\n", "godwit.yaml:3: 'rules.zero_dates' must be one of")]
    [InlineData("source: [a, b]\n", "godwit.yaml:1: 'source' must be a single value")]
    [InlineData("tables:\n  inclde: [a]\n", "godwit.yaml:2: unknown key 'inclde' in tables")]
    public void A_bad_value_is_an_error_naming_the_key_and_its_line(string yaml, string expected)
    {
        var ex = Assert.Throws<SpecException>(() => MigrationSpecLoader.Parse(yaml, "godwit.yaml"));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_an_error_with_its_line()
    {
        var ex = Assert.Throws<SpecException>(() => MigrationSpecLoader.Parse("source: a\n  target: [b\n", "g.yaml"));

        Assert.StartsWith("g.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_overrides_the_file_and_adds_rules()
    {
        var file = MigrationSpecLoader.Parse(FullSpec, "godwit.yaml");
        var cli = new MigrationSpec
        {
            Source = "mysql://other@h/db",
            Options = new MigrationOptions { Jobs = 2 },
            Rules = [new TypeRuleSpec { Type = "json", To = "jsonb" }],
        };

        var merged = file.OverrideWith(cli);

        Assert.Equal("mysql://other@h/db", merged.Source);
        Assert.Equal("postgresql://app@pg:5432/shop", merged.Target);
        Assert.Equal(2, merged.Options.Jobs);
        Assert.Equal(OnErrorMode.Skip, merged.Options.OnError);
        Assert.Equal(6, merged.Rules.Count);
        Assert.Equal(["shop.customers", "shop.orders"], merged.IncludeTables);
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3000)]
    public void Durations_read_as_operators_write_them(string text, double ms)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds);
    }
}
