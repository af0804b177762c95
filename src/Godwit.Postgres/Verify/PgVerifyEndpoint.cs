using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Godwit.Core.Connections;
using Godwit.Core.Ddl;
using Godwit.Core.Types;
using Godwit.Core.Verify;
using Npgsql;
using NpgsqlTypes;

namespace Godwit.Postgres.Verify;

/// <summary>
/// The PostgreSQL side of <c>godwit verify</c>: sessions in UTC with ISO dates; keys other than a single integer
/// are sorted <c>COLLATE "C"</c> (code point order), the order the MySQL side is asked for with utf8mb4_bin.
/// </summary>
public sealed class PgVerifyEndpoint : IVerifyEndpoint
{
    private readonly NpgsqlDataSource _dataSource;

    // No parallel workers: verify already runs chunks in parallel, and the source needs its share of the CPUs.
    public PgVerifyEndpoint(ConnectionUri target)
    {
        var builder = PgConnectionFactory.ToConnectionString(target);
        builder.Timezone = "UTC";
        builder.Options = ((builder.Options ?? string.Empty) + " -c DateStyle=ISO -c IntervalStyle=postgres -c extra_float_digits=1 -c max_parallel_workers_per_gather=0").Trim();
        builder.CommandTimeout = 0;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public async Task<long> CountAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var command = Command($"SELECT count(*) FROM {table.Mapping.QualifiedName}", table, null);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<KeyRange?> KeyBoundsAsync(VerifyTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var k = PgIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Name);
        await using var command = Command($"SELECT min({k})::bigint, max({k})::bigint FROM {table.Mapping.QualifiedName}", table, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : new KeyRange(reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<ChunkDigest> DigestAsync(VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var hash = PgCanonicalSql.RowHash(columns.Select(i => table.Columns[i]));
        await using var command = Command($"SELECT count(*), coalesce(sum({hash}), 0)::text FROM {table.Mapping.QualifiedName}", table, range);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var sum = BigInteger.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        return new ChunkDigest(reader.GetInt64(0), (ulong)(sum & ulong.MaxValue));
    }

    public async IAsyncEnumerable<VerifyRow> ReadRowsAsync(
        VerifyTable table, KeyRange? range, IReadOnlyList<int> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var keyParts = KeySelect(table);
        var select = keyParts.Concat(columns.Select(i => Select(table.Columns[i])));
        var sql = new StringBuilder($"SELECT {string.Join(", ", select)} FROM {table.Mapping.QualifiedName}");
        var order = new StringBuilder();
        if (table.HasKey)
        {
            // By position: the key is also among the compared columns (as text), under the same output name.
            order.Append(" ORDER BY ").Append(table.IsIntegerKeyed
                ? "1"
                : string.Join(", ", keyParts.Select(k => k + " COLLATE \"C\"")));
        }

        var casts = columns.Select(i => table.Columns[i].Cast).ToArray();
        await using var command = Command(sql.ToString(), table, range, order.ToString());
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var first = keyParts.Count;
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = Key(table, reader, first);
            var values = new string?[casts.Length];
            for (var i = 0; i < casts.Length; i++)
            {
                values[i] = Canonical(reader, first + i, casts[i]);
            }

            yield return new VerifyRow(key, values);
        }
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>
    /// What the copy's value looks like through Npgsql. Read as text: user-defined types (pg enums), citext, and
    /// char(n), whose padding is not part of the value (MySQL drops CHAR's trailing spaces on read; bpchar::text
    /// does too). PostGIS types are read as EWKB.
    /// </summary>
    private static string Select(PgColumnMapping column)
    {
        var c = PgIdentifier.Quote(column.Name);
        var type = column.Cast.TargetType;
        return column.Cast.Conversion.Kind switch
        {
            ValueConversionKind.Ewkb => $"{c}::bytea",
            // A PostgreSQL source: both sides print the same type with the same output function.
            ValueConversionKind.Native => $"{c}::text",
            // As text: a numeric(65,30) does not fit System.Decimal (28 digits).
            ValueConversionKind.Numeric when type.Name == "numeric" => $"{c}::text",
            _ when type.IsUserDefined || (!type.IsArray && type.Name is "char" or "citext") => $"{c}::text",
            _ => c,
        };
    }

    /// <summary>The canonical text of a target value, read with the typed getter for the common kinds (no boxing).</summary>
    private static string? Canonical(NpgsqlDataReader reader, int ordinal, ColumnCast cast)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var c = CultureInfo.InvariantCulture;
        var type = cast.TargetType.Name;
        switch (cast.Conversion.Kind)
        {
            case ValueConversionKind.Text or ValueConversionKind.Json when !cast.TargetType.IsArray:
            case ValueConversionKind.Native:
                return reader.GetString(ordinal);
            case ValueConversionKind.Int16 when type == "smallint":
                return reader.GetInt16(ordinal).ToString(c);
            case ValueConversionKind.Int32 when type == "integer":
                return reader.GetInt32(ordinal).ToString(c);
            case ValueConversionKind.Int64 when type == "bigint":
                return reader.GetInt64(ordinal).ToString(c);
            case ValueConversionKind.Numeric when type == "numeric":
                return CanonicalValue.DecimalText(reader.GetString(ordinal));
            case ValueConversionKind.IntegerToBoolean when type == "boolean":
                return reader.GetBoolean(ordinal) ? "t" : "f";
            case ValueConversionKind.Timestamp when type == "timestamp":
            case ValueConversionKind.TimestampTz when type == "timestamptz":
                return CanonicalValue.Timestamp(reader.GetDateTime(ordinal));
            case ValueConversionKind.Interval when type == "interval":
                return CanonicalValue.FromTarget(cast, Micros(reader.GetFieldValue<NpgsqlInterval>(ordinal)));
            case ValueConversionKind.Inet:
                return CanonicalValue.FromTarget(cast, reader.GetValue(ordinal) switch
                {
                    NpgsqlInet inet => inet.Address,
                    var other => other,
                });
            default:
                return CanonicalValue.FromTarget(cast, reader.GetValue(ordinal));
        }
    }

    private static TimeSpan Micros(NpgsqlInterval interval) =>
        TimeSpan.FromTicks(((interval.Months * 30L + interval.Days) * 86_400_000_000L + interval.Time) * 10);

    private static RowKey Key(VerifyTable table, NpgsqlDataReader reader, int parts)
    {
        if (table.IsIntegerKeyed)
        {
            return RowKey.Of(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        if (!table.HasKey)
        {
            return default;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            if (i > 0)
            {
                sb.Append('\0');
            }

            sb.Append(reader.GetString(i));
        }

        return RowKey.Of(sb.ToString());
    }

    private static List<string> KeySelect(VerifyTable table)
    {
        if (table.IsIntegerKeyed)
        {
            return [PgIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Name)];
        }

        return [.. table.KeyOrdinals.Select(i => $"({PgCanonicalSql.Expression(table.Columns[i])})")];
    }

    /// <summary>
    /// <paramref name="head"/>, the range's and the table's target filter's conditions (a tenant move's verify: the
    /// tenant's values as parameters), then <paramref name="tail"/>.
    /// </summary>
    private NpgsqlCommand Command(string head, VerifyTable table, KeyRange? range, string tail = "")
    {
        var conditions = new List<string>();
        if (range is { } r)
        {
            conditions.Add(string.Create(CultureInfo.InvariantCulture, $"{PgIdentifier.Quote(table.Columns[table.KeyOrdinals[0]].Name)} BETWEEN {r.Lo} AND {r.Hi}"));
        }

        var values = new List<string>();
        if (table.TargetFilter is { } filter)
        {
            conditions.Add(Core.Tenants.TenantConditionSql.Build(filter, table.Mapping.Schema, PgIdentifier.Quote, i => "$" + i, c => c + "::text", values));
        }

        var command = _dataSource.CreateCommand(head + (conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions)) + tail);
        foreach (var v in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        }

        return command;
    }
}
