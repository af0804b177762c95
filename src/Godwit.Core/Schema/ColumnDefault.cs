namespace Godwit.Core.Schema;

/// <summary>A column default, normalised: MariaDB's quoted literals and MySQL's raw ones end up alike.</summary>
public sealed record ColumnDefault(ColumnDefaultKind Kind, string? Value = null)
{
    public static ColumnDefault None { get; } = new(ColumnDefaultKind.None);

    public static ColumnDefault Null { get; } = new(ColumnDefaultKind.Null);

    public static ColumnDefault Literal(string value) => new(ColumnDefaultKind.Literal, value);

    public static ColumnDefault Expression(string value) => new(ColumnDefaultKind.Expression, value);

    public static ColumnDefault CurrentTimestamp(int fsp = 0) =>
        new(ColumnDefaultKind.CurrentTimestamp, fsp.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
