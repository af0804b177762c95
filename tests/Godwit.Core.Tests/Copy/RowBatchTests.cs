using System.Text;
using Godwit.Core.Copy;

namespace Godwit.Core.Tests.Copy;

public sealed class RowBatchTests
{
    [Fact]
    public void Values_and_nulls_read_back_by_row_and_column_after_the_buffers_grow()
    {
        var batch = new RowBatch(1, rowCapacity: 5000, byteCapacity: 1 << 20);
        batch.Reset(3);
        for (var r = 0; r < 3000; r++)
        {
            batch.SetValue(0, Encoding.ASCII.GetBytes(r.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (r % 3 == 0)
            {
                batch.SetNull(1);
            }
            else
            {
                batch.SetValue(1, new byte[r % 700]);
            }

            batch.SetValue(2, []);
            batch.CommitRow();
        }

        Assert.Equal(3000, batch.Count);
        Assert.Equal("2999", Encoding.ASCII.GetString(batch.Value(2999, 0)));
        Assert.True(batch.IsNull(2997, 1));
        Assert.Equal(2998 % 700, batch.Value(2998, 1).Length);
        Assert.False(batch.IsNull(5, 2));
        Assert.Equal(0, batch.Value(5, 2).Length);
        Assert.Equal(4 + (2999 % 700), batch.RowBytes(2999));
    }

    [Fact]
    public void A_batch_is_full_at_its_row_or_byte_budget_and_reset_empties_it()
    {
        var batch = new RowBatch(2, rowCapacity: 10, byteCapacity: 100);
        for (var r = 0; r < 3; r++)
        {
            batch.SetValue(0, new byte[40]);
            batch.SetNull(1);
            batch.CommitRow();
        }

        Assert.True(batch.IsFull);
        batch.Reset(4);
        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.ByteCount);
        Assert.False(batch.IsFull);
        Assert.Equal(4, batch.ColumnCount);
    }
}
