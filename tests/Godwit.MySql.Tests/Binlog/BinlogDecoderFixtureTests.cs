using Godwit.MySql.Binlog;
using Godwit.MySql.Binlog.Events;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>Checksums, unknown events and malformed input, on hand-made bytes.</summary>
public sealed class BinlogDecoderFixtureTests
{
    [Fact]
    public void The_crc32_is_zlibs_crc32()
    {
        // The standard check value of CRC-32/ISO-HDLC (zlib's crc32) for "123456789".
        Assert.Equal(0xCBF43926u, BinlogCrc32.Compute("123456789"u8));
    }

    [Fact]
    public void An_event_with_a_corrupted_checksum_is_rejected_with_a_clear_error()
    {
        var decoder = StartedDecoder();
        var xid = BinlogBytes.Event(BinlogEventType.Xid, new BinlogBytes().U64(42).ToArray(), nextPosition: 555);
        Assert.Equal(42UL, Assert.IsType<XidEvent>(decoder.Decode(xid, DateTimeOffset.UtcNow)).Xid);

        xid[BinlogEventHeader.Size] ^= 0x01;
        decoder.CurrentFile = "binlog.000042";
        var error = Assert.Throws<MySqlException>(() => decoder.Decode(xid, DateTimeOffset.UtcNow));

        Assert.Equal(MySqlClientError.MalformedPacket, error.ClientError);
        Assert.Contains("Xid ending at binlog.000042:555 fails its CRC32 checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_format_description_is_rejected_too()
    {
        var format = MySqlEventFixtureTests.FormatDescription();
        format[30] ^= 0xFF;
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Crc32, verifyChecksums: true, hints: null);

        Assert.Throws<MySqlException>(() => decoder.Decode(format, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Checksums_are_not_checked_when_verification_is_off()
    {
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Crc32, verifyChecksums: false, hints: null);
        var xid = BinlogBytes.Event(BinlogEventType.Xid, new BinlogBytes().U64(7).ToArray());
        xid[^1] ^= 0xFF;

        Assert.Equal(7UL, Assert.IsType<XidEvent>(decoder.Decode(xid, DateTimeOffset.UtcNow)).Xid);
    }

    [Fact]
    public void An_unknown_event_type_is_skipped_by_its_length_and_the_next_event_decodes()
    {
        var decoder = StartedDecoder();
        // Type 0x99 with a body that would misparse as anything we know.
        var unknown = BinlogBytes.Event((BinlogEventType)0x99, new BinlogBytes().Hex("FFFFFFFF 13 00 0000 DEADBEEF").ToArray());

        var skipped = Assert.IsType<UnknownEvent>(decoder.Decode(unknown, DateTimeOffset.UtcNow));
        var next = decoder.Decode(BinlogBytes.Event(BinlogEventType.Xid, new BinlogBytes().U64(9).ToArray()), DateTimeOffset.UtcNow);

        Assert.Equal((BinlogEventType)0x99, skipped.Header.Type);
        Assert.Equal((uint)unknown.Length, skipped.Header.EventLength);
        Assert.Equal(9UL, Assert.IsType<XidEvent>(next).Xid);
    }

    [Fact]
    public void A_header_whose_length_disagrees_with_the_packet_is_an_error()
    {
        var decoder = StartedDecoder();
        var xid = BinlogBytes.Event(BinlogEventType.Xid, new BinlogBytes().U64(1).ToArray());

        var error = Assert.Throws<MySqlException>(() => decoder.Decode(xid.AsMemory(0, xid.Length - 1), DateTimeOffset.UtcNow));

        Assert.Contains("says 31 bytes but the packet carried 30", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressed_events_are_refused_rather_than_skipped()
    {
        var decoder = StartedDecoder();
        var compressed = BinlogBytes.Event(BinlogEventType.MariaDbWriteRowsCompressedV1, new BinlogBytes().Hex("0102030405060708").ToArray());

        var error = Assert.Throws<NotSupportedException>(() => decoder.Decode(compressed, DateTimeOffset.UtcNow));

        Assert.Contains("binlog compression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rows_event_without_its_table_map_is_an_error()
    {
        var decoder = StartedDecoder();
        var rows = BinlogBytes.Event(BinlogEventType.WriteRowsV2, new BinlogBytes().U48(77).U16(1).U16(2).U8(1).U8(1).U8(0).U32(1).ToArray());

        var error = Assert.Throws<MySqlException>(() => decoder.Decode(rows, DateTimeOffset.UtcNow));

        Assert.Contains("table id 77 arrived without its TABLE_MAP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_rows_event_for_the_dummy_table_id_is_skipped()
    {
        var decoder = StartedDecoder();
        // Table id ~0 (6 bytes of 0xFF), STMT_END_F, one column, its bitmap, and no rows.
        var rows = BinlogBytes.Event(BinlogEventType.WriteRowsV2, new BinlogBytes().U48(0xFFFFFFFFFFFF).U16(1).U16(2).U8(1).U8(1).ToArray());

        var skipped = Assert.IsType<UnknownEvent>(decoder.Decode(rows, DateTimeOffset.UtcNow));

        Assert.Equal(BinlogEventType.WriteRowsV2, skipped.Header.Type);
    }

    [Fact]
    public void A_row_that_runs_past_the_event_is_an_error_not_a_guess()
    {
        var decoder = StartedDecoder();
        decoder.Decode(MySqlEventFixtureTests.TableMap(), DateTimeOffset.UtcNow);
        // Six columns present and not NULL, but only the first value's bytes.
        var rows = BinlogBytes.Event(BinlogEventType.WriteRowsV2, new BinlogBytes().U48(0x1234).U16(1).U16(2).U8(6).U8(0x3F).U8(0).U32(5).ToArray());
        var rowsEvent = Assert.IsType<RowsEvent>(decoder.Decode(rows, DateTimeOffset.UtcNow));

        var error = Assert.Throws<MySqlException>(() => rowsEvent.ReadRow());

        Assert.Contains("ends inside a row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mariadb_gtid_event_reads_domain_sequence_flags_and_commit_id()
    {
        var decoder = StartedDecoder();
        var body = new BinlogBytes().U64(1185).U32(3).U8(0x02 | 0x08).U64(77).ToArray();

        var gtid = Assert.IsType<MariaDbGtidEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MariaDbGtid, body, serverId: 9), DateTimeOffset.UtcNow));

        Assert.Equal("3-9-1185", gtid.Gtid.ToString());
        Assert.False(gtid.IsStandalone);
        Assert.Equal(77UL, gtid.CommitId);
    }

    [Fact]
    public void A_mariadb_gtid_list_reads_every_domain()
    {
        var decoder = StartedDecoder();
        var body = new BinlogBytes().U32(2).U32(0).U32(1).U64(100).U32(1).U32(2).U64(5).ToArray();

        var list = Assert.IsType<MariaDbGtidListEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MariaDbGtidList, body), DateTimeOffset.UtcNow));

        Assert.Equal(["0-1-100", "1-2-5"], list.Gtids.Select(g => g.ToString()));
    }

    [Fact]
    public void Annotate_rows_and_binlog_checkpoint_carry_their_text()
    {
        var decoder = StartedDecoder();

        var annotate = decoder.Decode(BinlogBytes.Event(BinlogEventType.MariaDbAnnotateRows, new BinlogBytes().Text("INSERT INTO t VALUES (1)").ToArray()), DateTimeOffset.UtcNow);
        var checkpoint = decoder.Decode(BinlogBytes.Event(BinlogEventType.MariaDbBinlogCheckpoint, new BinlogBytes().U32(18).Text("mariadb-bin.000007").ToArray()), DateTimeOffset.UtcNow);

        Assert.Equal("INSERT INTO t VALUES (1)", Assert.IsType<AnnotateRowsEvent>(annotate).Statement);
        Assert.Equal("mariadb-bin.000007", Assert.IsType<BinlogCheckpointEvent>(checkpoint).FileName);
    }

    [Fact]
    public void A_mysql_heartbeat_v2_reads_its_file_and_64_bit_position()
    {
        var decoder = StartedDecoder();
        var body = new BinlogBytes().U8(0).PackedText("binlog.000003").U8(1).U8(9).Hex("FE 0000000001000000").ToArray();
        var received = DateTimeOffset.UtcNow;

        var heartbeat = Assert.IsType<HeartbeatEvent>(decoder.Decode(BinlogBytes.Event(BinlogEventType.MySqlHeartbeatV2, body, nextPosition: 0), received));

        Assert.Equal("binlog.000003", heartbeat.FileName);
        Assert.Equal(1L << 32, heartbeat.SourcePosition);
        Assert.Equal(received, heartbeat.ReceivedAt);
    }

    private static BinlogEventDecoder StartedDecoder()
    {
        var decoder = new BinlogEventDecoder(BinlogChecksumAlgorithm.Crc32, verifyChecksums: true, hints: null);
        decoder.Decode(MySqlEventFixtureTests.FormatDescription(), DateTimeOffset.UtcNow);
        return decoder;
    }
}
