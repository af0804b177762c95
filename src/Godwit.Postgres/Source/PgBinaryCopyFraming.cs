using System.Buffers.Binary;
using Godwit.Postgres.Copy.Binary;

namespace Godwit.Postgres.Source;

/// <summary>
/// Follows the framing of PostgreSQL's binary COPY data (docs: COPY, "Binary Format": an 11-byte signature, a 32-bit
/// flags field, a 32-bit header extension length and extension, then per row a 16-bit field count and per field a
/// 32-bit length (-1 for NULL) and that many bytes, ended by a field count of -1) over pieces of any size, without
/// copying them: it counts the rows a pass-through chunk carries and checks that the data is whole and has the
/// columns asked for. A field count or integer may straddle two pieces.
/// </summary>
internal sealed class PgBinaryCopyFraming(int columns)
{
    private Part _part = Part.Signature;
    private int _signatureSeen;
    private int _integer;
    private int _integerBytes;
    private long _skip;
    private int _fieldsLeft;

    private enum Part
    {
        Signature,
        Flags,
        ExtensionLength,
        Extension,
        FieldCount,
        FieldLength,
        FieldData,
        Ended,
    }

    /// <summary>Rows completed so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Bytes of non-NULL values so far.</summary>
    public long ValueBytes { get; private set; }

    /// <summary>The trailer has been seen: the data is whole.</summary>
    public bool Ended => _part == Part.Ended;

    /// <summary>Follows the next piece; returns the rows it completes.</summary>
    public int Advance(ReadOnlySpan<byte> data)
    {
        var before = Rows;
        var i = 0;
        while (i < data.Length)
        {
            switch (_part)
            {
                case Part.Signature:
                    var n = Math.Min(PgCopySignature.Bytes.Length - _signatureSeen, data.Length - i);
                    if (!data.Slice(i, n).SequenceEqual(PgCopySignature.Bytes.Slice(_signatureSeen, n)))
                    {
                        throw new InvalidDataException("the source's COPY output is not in the binary format");
                    }

                    _signatureSeen += n;
                    i += n;
                    if (_signatureSeen == PgCopySignature.Bytes.Length)
                    {
                        _part = Part.Flags;
                    }

                    break;
                case Part.Flags:
                    if (TakeInteger(data, ref i, 4) is { } flags)
                    {
                        // Bit 16 says every row starts with an OID; godwit never asks for one.
                        if ((flags & (1 << 16)) != 0)
                        {
                            throw new InvalidDataException("the source's COPY output carries OIDs, which godwit did not ask for");
                        }

                        _part = Part.ExtensionLength;
                    }

                    break;
                case Part.ExtensionLength:
                    if (TakeInteger(data, ref i, 4) is { } extension)
                    {
                        _skip = extension;
                        _part = extension > 0 ? Part.Extension : Part.FieldCount;
                    }

                    break;
                case Part.Extension:
                    if (Skip(data, ref i))
                    {
                        _part = Part.FieldCount;
                    }

                    break;
                case Part.FieldCount:
                    if (TakeInteger(data, ref i, 2) is { } count)
                    {
                        var fields = (short)count;
                        if (fields == -1)
                        {
                            _part = Part.Ended;
                        }
                        else if (fields != columns)
                        {
                            throw new InvalidDataException($"the source's COPY sent {fields} fields where {columns} columns were asked for");
                        }
                        else if (fields == 0)
                        {
                            Rows++;
                        }
                        else
                        {
                            _fieldsLeft = fields;
                            _part = Part.FieldLength;
                        }
                    }

                    break;
                case Part.FieldLength:
                    if (TakeInteger(data, ref i, 4) is { } length)
                    {
                        if (length > 0)
                        {
                            ValueBytes += length;
                            _skip = length;
                            _part = Part.FieldData;
                        }
                        else
                        {
                            FieldDone();
                        }
                    }

                    break;
                case Part.FieldData:
                    if (Skip(data, ref i))
                    {
                        FieldDone();
                    }

                    break;
                default:
                    throw new InvalidDataException("the source's COPY output goes on after its end marker");
            }
        }

        return checked((int)(Rows - before));
    }

    private void FieldDone()
    {
        if (--_fieldsLeft == 0)
        {
            Rows++;
            _part = Part.FieldCount;
        }
        else
        {
            _part = Part.FieldLength;
        }
    }

    /// <summary>A big-endian integer of <paramref name="size"/> bytes, once all of them are in (they may straddle pieces).</summary>
    private int? TakeInteger(ReadOnlySpan<byte> data, ref int i, int size)
    {
        if (_integerBytes == 0 && data.Length - i >= size)
        {
            var value = size == 4 ? BinaryPrimitives.ReadInt32BigEndian(data[i..]) : BinaryPrimitives.ReadInt16BigEndian(data[i..]);
            i += size;
            return value;
        }

        while (_integerBytes < size && i < data.Length)
        {
            _integer = (_integer << 8) | data[i++];
            _integerBytes++;
        }

        if (_integerBytes < size)
        {
            return null;
        }

        var whole = size == 4 ? _integer : (short)_integer;
        _integer = 0;
        _integerBytes = 0;
        return whole;
    }

    private bool Skip(ReadOnlySpan<byte> data, ref int i)
    {
        var n = (int)Math.Min(_skip, data.Length - i);
        i += n;
        _skip -= n;
        return _skip == 0;
    }
}
