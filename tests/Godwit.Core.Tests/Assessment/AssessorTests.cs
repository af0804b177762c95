using Godwit.Core.Assessment;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.Core.Types;

namespace Godwit.Core.Tests.Assessment;

public sealed class AssessorTests
{
    private static readonly Dictionary<string, string> GoodVariables = new()
    {
        ["log_bin"] = "ON",
        ["binlog_format"] = "ROW",
        ["binlog_row_image"] = "FULL",
        ["server_id"] = "1",
        ["gtid_domain_id"] = "0",
        ["gtid_strict_mode"] = "ON",
        ["expire_logs_days"] = "7",
    };

    private static SourceFacts Facts(Dictionary<string, string>? overrides = null, string[]? grants = null, bool mariaDb = true)
    {
        var vars = new Dictionary<string, string>(GoodVariables);
        foreach (var (k, v) in overrides ?? [])
        {
            vars[k] = v;
        }

        return new SourceFacts
        {
            IsMariaDb = mariaDb,
            Major = 10,
            Minor = 11,
            Variables = vars,
            Grants = GrantSet.Parse(grants ?? ["GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `app`@`%`"]),
        };
    }

    private static SourceColumn Col(string name, string type, bool nullable = true) => new() { Name = name, Type = MySqlType.Parse(type), IsNullable = nullable };

    private static SourceDatabase CleanDb() => new()
    {
        Name = "shop",
        Tables =
        [
            new SourceTable
            {
                Schema = "shop",
                Name = "orders",
                Engine = "InnoDB",
                Columns = [Col("id", "int(11)", nullable: false), Col("placed", "date", nullable: false)],
                Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = "id" }] }],
                DataBytes = 1024 * 1024,
            },
        ],
    };

    private static List<Finding> Check(SourceFacts facts, SourceDatabase db)
    {
        var casts = new CastRuleEngine([]).ResolveAll(db);
        return Assessor.CheckSource(facts, db, casts, PgDdlGenerator.Generate(db, casts));
    }

    [Fact]
    public void A_clean_database_on_a_well_configured_server_has_no_blockers_or_warnings()
    {
        var findings = Check(Facts(), CleanDb());

        Assert.DoesNotContain(findings, f => f.Severity != Severity.Info);
        Assert.Contains(findings, f => f.Code == "estimate");
    }

    [Theory]
    [InlineData("binlog_format", "STATEMENT", "binlog-format")]
    [InlineData("binlog_format", "MIXED", "binlog-format")]
    [InlineData("binlog_row_image", "MINIMAL", "binlog-row-image")]
    [InlineData("binlog_row_image", "NOBLOB", "binlog-row-image")]
    [InlineData("log_bin", "OFF", "binlog-off")]
    [InlineData("server_id", "0", "server-id")]
    [InlineData("binlog_row_value_options", "PARTIAL_JSON", "binlog-partial-json")]
    public void Binlog_settings_that_break_cdc_are_blockers(string variable, string value, string code)
    {
        var findings = Check(Facts(new() { [variable] = value }), CleanDb());

        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == code && f.What.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void Binlog_retention_shorter_than_the_copy_is_a_blocker()
    {
        var big = CleanDb();
        big = big with { Tables = [big.Tables[0] with { DataBytes = 500L * 1024 * 1024 * 1024 }] };

        var findings = Check(Facts(new() { ["binlog_expire_logs_seconds"] = "3600" }), big);

        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == "binlog-retention");
        Assert.Equal(3600, Assessor.RetentionSeconds(Facts(new() { ["binlog_expire_logs_seconds"] = "3600" })));
        Assert.Equal(7 * 86_400, Assessor.RetentionSeconds(Facts()));
        Assert.Null(Assessor.RetentionSeconds(Facts(new() { ["expire_logs_days"] = "0" })));
    }

    [Fact]
    public void Mysql_without_gtids_is_a_warning()
    {
        var findings = Check(Facts(new() { ["gtid_mode"] = "OFF" }, mariaDb: false), CleanDb());

        Assert.Contains(findings, f => f.Severity == Severity.Warning && f.Code == "gtid");
    }

    [Fact]
    public void Missing_replication_privileges_are_blockers()
    {
        var findings = Check(Facts(grants: ["GRANT SELECT ON `shop`.* TO `app`@`%`"]), CleanDb());

        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == "privilege-replication-slave");
        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == "privilege-replication-client");
        Assert.DoesNotContain(findings, f => f.Code == "privilege-select");
    }

    [Fact]
    public void Show_grants_lines_parse_with_all_privileges_database_scopes_and_column_grants()
    {
        var grants = GrantSet.Parse(
        [
            "GRANT USAGE ON *.* TO `app`@`%` IDENTIFIED BY PASSWORD '*ABC'",
            "GRANT ALL PRIVILEGES ON `shop`.* TO `app`@`%`",
            "GRANT SELECT (`a`, `b`), INSERT ON `other`.`t` TO `app`@`%`",
            "GRANT REPLICATION CLIENT, REPLICATION SLAVE ON *.* TO `app`@`%`",
        ]);

        Assert.True(grants.Has("SELECT", "shop"));
        Assert.False(grants.Has("SELECT", "other"));
        Assert.True(grants.Has("REPLICATION SLAVE"));
        Assert.False(grants.Has("RELOAD"));
        Assert.True(GrantSet.Parse(["GRANT ALL PRIVILEGES ON *.* TO `godwit`@`%` WITH GRANT OPTION"]).Has("RELOAD"));
    }

    [Fact]
    public void A_table_without_a_primary_key_is_a_blocker_unless_a_not_null_unique_key_exists()
    {
        var db = CleanDb();
        var noKey = new SourceTable { Schema = "shop", Name = "log", Engine = "InnoDB", Columns = [Col("msg", "text")] };
        var uniqueKey = new SourceTable
        {
            Schema = "shop",
            Name = "codes",
            Engine = "InnoDB",
            Columns = [Col("code", "varchar(10)", nullable: false)],
            Indexes = [new SourceIndex { Name = "code_uq", Kind = IndexKind.Unique, Parts = [new SourceIndexPart { Column = "code" }] }],
        };
        var nullableUnique = uniqueKey with { Name = "maybe", Columns = [Col("code", "varchar(10)")] };

        var findings = Check(Facts(), db with { Tables = [.. db.Tables, noKey, uniqueKey, nullableUnique] });

        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == "no-primary-key" && f.Where == "table shop.log");
        Assert.Contains(findings, f => f.Severity == Severity.Info && f.Code == "no-primary-key" && f.Where == "table shop.codes");
        Assert.Contains(findings, f => f.Severity == Severity.Blocker && f.Code == "no-primary-key" && f.Where == "table shop.maybe");
    }

    [Fact]
    public void Zero_dates_in_a_not_null_column_are_a_blocker_under_the_null_policy()
    {
        var facts = Facts() with { ZeroDates = new Dictionary<(string, string), long> { [("orders", "placed")] = 3 } };

        var findings = Check(facts, CleanDb());

        var f = Assert.Single(findings, f => f.Code == "zero-dates");
        Assert.Equal(Severity.Blocker, f.Severity);
        Assert.Equal("column shop.orders.placed", f.Where);
        Assert.Contains("3 row(s)", f.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Lossy_conversions_name_the_column()
    {
        var db = CleanDb();
        db = db with { Tables = [db.Tables[0] with { Columns = [.. db.Tables[0].Columns, Col("big", "decimal(40,10)")] }] };

        var findings = Check(Facts(), db);

        Assert.Contains(findings, f => f.Code == "lossy-conversion" && f.Where == "column shop.orders.big" && f.Severity == Severity.Warning);
    }

    [Theory]
    [InlineData(1_000_000UL, Severity.Info)]
    [InlineData(9_300_000_000_000_000_000UL, Severity.Warning)]
    public void An_unsigned_bigint_identity_and_its_fk_child_are_only_info_while_the_auto_increment_fits_bigint(ulong next, Severity expected)
    {
        var id = Col("id", "bigint(20) unsigned", nullable: false) with { IsAutoIncrement = true };
        var parent = new SourceTable
        {
            Schema = "shop",
            Name = "customers",
            Engine = "InnoDB",
            AutoIncrement = next,
            Columns = [id],
            Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = "id" }] }],
        };
        var child = new SourceTable
        {
            Schema = "shop",
            Name = "orders",
            Engine = "InnoDB",
            Columns = [Col("id", "int(11)", nullable: false), Col("customer_id", "bigint(20) unsigned", nullable: false)],
            Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = "id" }] }],
            ForeignKeys = [new SourceForeignKey { Name = "fk_cust", Columns = ["customer_id"], ReferencedSchema = "shop", ReferencedTable = "customers", ReferencedColumns = ["id"] }],
        };

        var findings = Check(Facts(), new SourceDatabase { Name = "shop", IsMariaDb = true, Tables = [parent, child] });

        Assert.Equal(expected, Assert.Single(findings, f => f.Code == "lossy-conversion" && f.Where == "column shop.customers.id").Severity);
        Assert.Equal(expected, Assert.Single(findings, f => f.Code == "lossy-conversion" && f.Where == "column shop.orders.customer_id").Severity);
    }

    [Fact]
    public void Fk_cycles_are_reported_once()
    {
        SourceTable T(string name, string parent) => new()
        {
            Schema = "shop",
            Name = name,
            Engine = "InnoDB",
            Columns = [Col("id", "int(11)", nullable: false), Col("other", "int(11)")],
            Indexes = [new SourceIndex { Name = "PRIMARY", Kind = IndexKind.Primary, Parts = [new SourceIndexPart { Column = "id" }] }],
            ForeignKeys = [new SourceForeignKey { Name = $"fk_{name}", Columns = ["other"], ReferencedSchema = "shop", ReferencedTable = parent, ReferencedColumns = ["id"] }],
        };

        var findings = Assessor.CheckForeignKeyCycles(new SourceDatabase { Name = "shop", Tables = [T("a", "b"), T("b", "c"), T("c", "a")] }).ToList();

        var cycle = Assert.Single(findings);
        Assert.Contains("a → b → c → a", cycle.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_checks_find_old_versions_wrong_encodings_and_existing_tables()
    {
        var db = CleanDb();
        var casts = new CastRuleEngine([]).ResolveAll(db);
        var plan = PgDdlGenerator.Generate(db, casts);

        var bad = Assessor.CheckTarget(new TargetFacts { ServerVersionNum = 120000, Version = "12.1", Encoding = "LATIN1", CanCreateInDatabase = false, ExistingRelations = ["orders"], SchemaExists = true, CanCreateInSchema = true }, plan);
        var good = Assessor.CheckTarget(new TargetFacts { ServerVersionNum = 150000, Version = "15.4", Encoding = "UTF8", CanCreateInDatabase = true }, plan);

        Assert.Contains(bad, f => f.Severity == Severity.Blocker && f.Code == "target-version");
        Assert.Contains(bad, f => f.Severity == Severity.Blocker && f.Code == "target-encoding");
        Assert.Contains(bad, f => f.Severity == Severity.Warning && f.Code == "target-exists");
        Assert.DoesNotContain(good, f => f.Severity != Severity.Info);
    }

    [Fact]
    public void Invalid_enum_values_are_a_blocker_when_the_target_enforces_the_labels()
    {
        var db = CleanDb();
        db = db with { Tables = [db.Tables[0] with { Columns = [.. db.Tables[0].Columns, Col("size", "enum('s','m')")] }] };
        var facts = Facts() with { InvalidEnums = new Dictionary<(string, string), long> { [("orders", "size")] = 2 } };

        var findings = Check(facts, db);

        var f = Assert.Single(findings, f => f.Code == "invalid-enum");
        Assert.Equal(Severity.Blocker, f.Severity);
        Assert.Equal("column shop.orders.size", f.Where);
    }
}
