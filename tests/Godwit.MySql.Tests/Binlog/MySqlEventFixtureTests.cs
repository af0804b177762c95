using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>
/// Byte fixtures for what the MariaDB testbed cannot produce: a MySQL 8 stream with its
/// FORMAT_DESCRIPTION, GTID and PREVIOUS_GTIDS events, a TABLE_MAP with optional metadata and a
/// WRITE_ROWS v2 event with extra data (layouts from libbinlogevents' control_events.h and rows_event.h).
/// </summary>
public sealed class MySqlEventFixtureTests
{
    private const string SourceUuidHex = "3E11FA4771CA11E19E33C80AA9429562";
    private static readonly Guid SourceUuid = Guid.Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    [Fact]
    public void A_mysql_8_format_description_sets_the_post_header_lengths_and_crc32()
    {
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Off, verifyChecksums: true, hints: null);

        var format = Assert.IsType<FormatDescriptionEvent>(decoder.Decode(FormatDescription(), DateTimeOffset.UtcNow));

        Assert.Equal("8.0.36", format.ServerVersion);
        Assert.Equal(4, format.BinlogVersion);
        Assert.Equal(BinlogChecksumAlgorithm.Crc32, format.ChecksumAlgorithm);
        Assert.Equal(10, format.PostHeaderLength(BinlogEventType.WriteRowsV2, 0));
        Assert.Equal(42, format.PostHeaderLength(BinlogEventType.MySqlGtid, 0));
    }

    [Fact]
    public void A_mysql_gtid_event_carries_the_source_uuid_number_logical_clock_and_commit_times()
    {
        var decoder = StartedDecoder();
        var body = new BinlogBytes()
            .U8(1).Hex(SourceUuidHex).U64(23)
            .U8(2).U64(7).U64(8)
            .Hex("40222018240a86").Hex("01401e18240a06")
            .Hex("FC1001").U32(80036).ToArray();

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MySqlGtid, body), DateTimeOffset.UtcNow));

        Assert.Equal(SourceUuid, gtid.SourceId);
        Assert.Equal(23, gtid.TransactionNumber);
        Assert.Equal(1, gtid.Flags);
        Assert.False(gtid.IsAnonymous);
        Assert.Equal(7, gtid.LastCommitted);
        Assert.Equal(8, gtid.SequenceNumber);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1_700_000_000_123_456L * 10), gtid.ImmediateCommitTime);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(1_700_000_000_000_001L * 10), gtid.OriginalCommitTime);
        Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:23", gtid.ToString());
    }

    [Fact]
    public void A_mysql_5_6_gtid_event_without_the_logical_clock_still_decodes()
    {
        var decoder = StartedDecoder();
        var body = new BinlogBytes().U8(0).Hex(SourceUuidHex).U64(5).ToArray();

        var gtid = Assert.IsType<MySqlGtidEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MySqlAnonymousGtid, body), DateTimeOffset.UtcNow));

        Assert.True(gtid.IsAnonymous);
        Assert.Equal(5, gtid.TransactionNumber);
        Assert.Null(gtid.LastCommitted);
        Assert.Null(gtid.ImmediateCommitTime);
    }

    [Fact]
    public void Previous_gtids_decodes_the_binary_gtid_set()
    {
        var decoder = StartedDecoder();
        // n_sids 1; the UUID; n_intervals 2; [1, 6) and [7, 8).
        var body = new BinlogBytes().U64(1).Hex(SourceUuidHex).U64(2).U64(1).U64(6).U64(7).U64(8).ToArray();

        var previous = Assert.IsType<MySqlPreviousGtidsEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MySqlPreviousGtids, body), DateTimeOffset.UtcNow));

        Assert.Equal("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7", previous.Gtids.ToString());
    }

    [Fact]
    public void A_table_map_with_optional_metadata_gives_names_signedness_charsets_labels_and_key()
    {
        var decoder = StartedDecoder();

        var map = Assert.IsType<TableMapEvent>(decoder.Decode(TableMap(), DateTimeOffset.UtcNow)).Table;

        Assert.Equal((0x1234UL, "shop", "t"), (map.TableId, map.Database, map.Table));
        Assert.True(map.HasOptionalMetadata);
        Assert.Equal(["id", "name", "j", "e", "amount", "ts"], map.Columns.Select(c => c.Name!));
        Assert.Equal(
            [MySqlColumnType.Long, MySqlColumnType.VarChar, MySqlColumnType.Json, MySqlColumnType.Enum, MySqlColumnType.NewDecimal, MySqlColumnType.DateTime2],
            map.Columns.Select(c => c.RealType));
        Assert.True(map.Columns[0].IsUnsigned);
        Assert.False(map.Columns[4].IsUnsigned);
        Assert.Null(map.Columns[1].IsUnsigned);
        Assert.Equal(255, map.Columns[1].CollationId);
        Assert.Equal(255, map.Columns[3].CollationId);
        Assert.Null(map.Columns[2].CollationId);
        Assert.Equal(128, map.Columns[1].Metadata);
        Assert.Equal((10, 2), (map.Columns[4].Precision, map.Columns[4].Scale));
        Assert.Equal(3, map.Columns[5].FractionalDigits);
        Assert.Equal(["x", "y"], map.Columns[3].EnumValues!.Select(v => System.Text.Encoding.UTF8.GetString(v)));
        Assert.False(map.Columns[0].IsNullable);
        Assert.True(map.Columns[1].IsNullable);
        Assert.Equal([0], map.PrimaryKey);
    }

    [Fact]
    public void Write_rows_v2_skips_its_extra_data_and_decodes_every_column()
    {
        var decoder = StartedDecoder();
        decoder.Decode(TableMap(), DateTimeOffset.UtcNow);
        var body = new BinlogBytes()
            .U48(0x1234).U16(1).U16(5).Hex("010300")
            .U8(6).U8(0x3F)
            .U8(0x00).U32(0xFFFFFFFF).U8(6).Text("héllo")
            .U32(17).Hex("02 0300 1000 050100 0C0D00 040000 026162")
            .U8(2).Hex("7FFFFB2DC7").Hex("99B2BAC8B8 1ED2")
            .U8(0x3E).U32(1)
            .ToArray();

        var rows = Assert.IsType<RowsEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.WriteRowsV2, body), DateTimeOffset.UtcNow));

        Assert.Equal(RowsEventKind.Insert, rows.Kind);
        Assert.True(rows.IsStatementEnd);
        Assert.Equal("010300", Convert.ToHexString(rows.ExtraData.Span));
        Assert.True(rows.ReadRow());
        var after = rows.After!;
        Assert.Equal(
            ["4294967295", "héllo", "[1, \"ab\", null]", "y", "-1234.56", "2024-02-29 12:34:56.789"],
            Enumerable.Range(0, 6).Select(i => after.GetString(i)!));
        Assert.True(rows.ReadRow());
        Assert.Equal("1", rows.After!.GetString(0));
        Assert.All(Enumerable.Range(1, 5), i => Assert.True(rows.After.IsNull(i)));
        Assert.All(Enumerable.Range(0, 6), i => Assert.True(rows.After.IsIncluded(i)));
        Assert.False(rows.ReadRow());
    }

    [Fact]
    public void Update_rows_v2_with_a_minimal_before_image_marks_the_missing_columns_as_not_included()
    {
        var decoder = StartedDecoder();
        decoder.Decode(TableMap(), DateTimeOffset.UtcNow);
        // binlog_row_image=MINIMAL: the before image has only the key, the after image only the changed column.
        var body = new BinlogBytes()
            .U48(0x1234).U16(1).U16(2)
            .U8(6).U8(0x01).U8(0x08)
            .U8(0x00).U32(7)
            .U8(0x00).U8(1)
            .ToArray();

        var rows = Assert.IsType<RowsEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.UpdateRowsV2, body), DateTimeOffset.UtcNow));

        Assert.True(rows.ReadRow());
        Assert.Equal("7", rows.Before!.GetString(0));
        Assert.False(rows.Before.IsIncluded(1));
        Assert.True(rows.Before.IsNull(1));
        Assert.False(rows.After!.IsIncluded(0));
        Assert.Equal("x", rows.After.GetString(3));
        Assert.False(rows.ReadRow());
    }

    private static BinlogEventDecoder StartedDecoder()
    {
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Crc32, verifyChecksums: true, hints: null);
        decoder.Decode(FormatDescription(), DateTimeOffset.UtcNow);
        return decoder;
    }

    internal static byte[] FormatDescription()
    {
        var postHeaders = new byte[41];
        postHeaders[(int)BinlogEventType.Query - 1] = 13;
        postHeaders[(int)BinlogEventType.Rotate - 1] = 8;
        postHeaders[(int)BinlogEventType.FormatDescription - 1] = 98;
        postHeaders[(int)BinlogEventType.TableMap - 1] = 8;
        postHeaders[(int)BinlogEventType.WriteRowsV2 - 1] = 10;
        postHeaders[(int)BinlogEventType.UpdateRowsV2 - 1] = 10;
        postHeaders[(int)BinlogEventType.DeleteRowsV2 - 1] = 10;
        postHeaders[(int)BinlogEventType.MySqlGtid - 1] = 42;
        postHeaders[(int)BinlogEventType.MySqlAnonymousGtid - 1] = 42;
        var version = new byte[50];
        "8.0.36"u8.CopyTo(version);
        var body = new BinlogBytes().U16(4).Raw(version).U32(0).U8(19).Raw(postHeaders).U8((int)BinlogChecksumAlgorithm.Crc32).ToArray();
        return BinlogBytes.Event(BinlogEventType.FormatDescription, body, nextPosition: 126);
    }

    internal static byte[] TableMap()
    {
        var names = new BinlogBytes().PackedText("id").PackedText("name").PackedText("j").PackedText("e").PackedText("amount").PackedText("ts").ToArray();
        var body = new BinlogBytes()
            .U48(0x1234).U16(1)
            .U8(4).Text("shop").U8(0).U8(1).Text("t").U8(0)
            .U8(6).Hex("03 0F F5 FE F6 12")
            .U8(8).Hex("8000 04 F701 0A02 03")
            .U8(0x3E)
            .U8(1).U8(1).U8(0x80)
            .U8(2).U8(3).Hex("FCFF00")
            .U8(4).Packed((ulong)names.Length).Raw(names)
            .U8(6).U8(5).Hex("02 0178 0179")
            .U8(10).U8(3).Hex("FCFF00")
            .U8(8).U8(1).U8(0)
            .U8(12).U8(1).U8(0xFC)
            .U8(0x63).U8(2).Hex("ABCD")
            .ToArray();
        return BinlogBytes.Event(BinlogEventType.TableMap, body);
    }
}
