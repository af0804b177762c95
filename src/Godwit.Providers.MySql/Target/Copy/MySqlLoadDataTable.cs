using System.Text;
using Godwit.Core.Copy;
using Godwit.Core.Ddl;
using Godwit.Core.Schema;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Copy;

/// <summary>
/// One table's <c>LOAD DATA LOCAL INFILE</c> statement and row encoding. Values are the source's text-protocol bytes,
/// written in LOAD DATA's default text format (<see cref="MySqlLoadDataWriter"/>) with the file's character set
/// utf8mb4, so the server converts text into each column's own character set as an INSERT would. Binary values
/// (BINARY, BLOB, BIT, spatial) are not text in any character set: they travel as hex into a user variable and are
/// stored with <c>UNHEX()</c>, byte for byte.
/// </summary>
internal sealed class MySqlLoadDataTable
{
    private readonly bool[] _binary;
    private byte[] _hex = new byte[256];

    public MySqlLoadDataTable(CopyTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        _binary = [.. table.Columns.Select(c => IsBinary(c.Source))];
        var into = MySqlIdentifier.Quote(table.Mapping.Schema) + "." + MySqlIdentifier.Quote(table.Mapping.Name);
        var list = new StringBuilder();
        var sets = new List<string>();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (i > 0)
            {
                list.Append(", ");
            }

            var column = MySqlIdentifier.Quote(table.Columns[i].Name);
            if (_binary[i])
            {
                var variable = $"@godwit_{i}";
                list.Append(variable);
                sets.Add($"{column} = UNHEX({variable})");
            }
            else
            {
                list.Append(column);
            }
        }

        Sql = $"LOAD DATA LOCAL INFILE '{FileName}' INTO TABLE {into} CHARACTER SET utf8mb4 ({list})"
            + (sets.Count > 0 ? " SET " + string.Join(", ", sets) : string.Empty);
    }

    /// <summary>The file name the statement asks for (the driver answers only this one).</summary>
    public const string FileName = "godwit-rows";

    public CopyTable Table { get; }

    public string Sql { get; }

    /// <summary>Writes rows [<paramref name="from"/>, <paramref name="to"/>) of the batch.</summary>
    public async ValueTask WriteRowsAsync(MySqlLoadDataWriter writer, RowBatch batch, int from, int to, CancellationToken cancellationToken)
    {
        for (var row = from; row < to; row++)
        {
            for (var c = 0; c < _binary.Length; c++)
            {
                if (batch.IsNull(row, c))
                {
                    writer.WriteNull();
                }
                else if (_binary[c])
                {
                    writer.WriteValue(Hex(batch.Value(row, c)));
                }
                else
                {
                    writer.WriteValue(batch.Value(row, c));
                }
            }

            await writer.EndRowAsync(cancellationToken);
        }
    }

    /// <summary>Whether a column holds bytes rather than text (its values are sent as hex).</summary>
    public static bool IsBinary(SourceColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Type.Family is MySqlTypeFamily.Binary or MySqlTypeFamily.Blob or MySqlTypeFamily.Bit or MySqlTypeFamily.Spatial
            || string.Equals(column.Charset, "binary", StringComparison.OrdinalIgnoreCase);
    }

    private ReadOnlySpan<byte> Hex(ReadOnlySpan<byte> value)
    {
        if (_hex.Length < value.Length * 2)
        {
            _hex = new byte[Math.Max(value.Length * 2, _hex.Length * 2)];
        }

        for (var i = 0; i < value.Length; i++)
        {
            _hex[2 * i] = Digit(value[i] >> 4);
            _hex[(2 * i) + 1] = Digit(value[i] & 0xF);
        }

        return _hex.AsSpan(0, value.Length * 2);
    }

    private static byte Digit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
