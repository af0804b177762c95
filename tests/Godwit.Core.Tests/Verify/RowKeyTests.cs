using Godwit.Core.Verify;

namespace Godwit.Core.Tests.Verify;

public sealed class RowKeyTests
{
    [Fact]
    public void Text_keys_sort_by_code_point_like_utf8mb4_bin_and_collate_c()
    {
        // UTF-16 ordinal order would put U+1F600 (a surrogate pair) before U+FFFD; UTF-8 byte order puts it after.
        string[] sorted = ["", "A", "B", "Z", "a", "a b", "ab", "ß", "é", "\uFFFD", "😀"];
        var shuffled = sorted.Reverse().Select(RowKey.Of).ToList();

        shuffled.Sort();

        Assert.Equal(sorted, shuffled.Select(k => k.Text));
    }

    [Fact]
    public void Composite_keys_joined_with_nul_sort_part_by_part()
    {
        Assert.True(RowKey.Of("a\0z") < RowKey.Of("ab\0a"));
        Assert.True(RowKey.Of("1\0x") < RowKey.Of("1\0y"));
    }

    [Fact]
    public void Integer_keys_sort_numerically()
    {
        Assert.True(RowKey.Of(9) < RowKey.Of(10));
        Assert.True(RowKey.Of(-1) < RowKey.Of(0));
    }

    [Fact]
    public void A_key_range_splits_into_two_halves_that_cover_it_even_at_the_extremes()
    {
        var whole = new KeyRange(long.MinValue, long.MaxValue);

        var (left, right) = whole.Split();

        Assert.Equal(long.MinValue, left.Lo);
        Assert.Equal(left.Hi + 1, right.Lo);
        Assert.Equal(long.MaxValue, right.Hi);
        Assert.Equal((new KeyRange(5, 5), new KeyRange(6, 6)), new KeyRange(5, 6).Split());
    }
}
