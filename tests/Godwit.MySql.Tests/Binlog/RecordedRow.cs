using System.Text;

namespace Godwit.MySql.Tests.Binlog;

/// <summary>One row's before and after images as byte arrays (null for a NULL column).</summary>
internal sealed record RecordedRow(byte[]?[]? Before, byte[]?[]? After)
{
    public string? BeforeText(int ordinal) => Before?[ordinal] is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    public string? AfterText(int ordinal) => After?[ordinal] is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
}
