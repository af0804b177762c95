namespace Godwit.MySql;

/// <summary>Column definition flags (*_FLAG in the server's headers).</summary>
[Flags]
public enum ColumnFlags : ushort
{
    None = 0,
    NotNull = 1,
    PrimaryKey = 2,
    UniqueKey = 4,
    MultipleKey = 8,
    Blob = 16,
    Unsigned = 32,
    ZeroFill = 64,
    Binary = 128,
    Enum = 256,
    AutoIncrement = 512,
    Timestamp = 1024,
    Set = 2048,
    NoDefaultValue = 4096,
    OnUpdateNow = 8192,
    Number = 32768,
}
