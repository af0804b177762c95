namespace Godwit.MySql.Text;

/// <summary>How the bytes of a text value are decoded; collations map onto these by id.</summary>
internal enum CharacterSetKind : byte
{
    Utf8,
    Latin1,
    Binary,
    Ascii,
    Ucs2,
    Utf16,
    Utf16LittleEndian,
    Utf32,
}
