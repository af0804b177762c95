namespace Godwit.Core.Schema;

/// <summary>What kind of default a column has, normalised across MySQL and MariaDB.</summary>
public enum ColumnDefaultKind
{
    /// <summary>No DEFAULT clause.</summary>
    None,

    /// <summary>DEFAULT NULL.</summary>
    Null,

    /// <summary>A literal, unquoted (e.g. <c>abc</c>, <c>0</c>, <c>0000-00-00 00:00:00</c>).</summary>
    Literal,

    /// <summary>CURRENT_TIMESTAMP / NOW() with optional fractional seconds.</summary>
    CurrentTimestamp,

    /// <summary>Any other expression, as the server shows it.</summary>
    Expression,
}
