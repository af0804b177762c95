using System.Text;
using Godwit.Core.Connections;

namespace Godwit.Cli;

/// <summary>
/// A writer that masks secrets line by line before they reach the real stream. It buffers until a newline
/// (or an explicit flush) because a password may arrive split across several writes.
/// </summary>
public sealed class MaskingTextWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public MaskingTextWriter(TextWriter inner)
    {
        _inner = inner;
    }

    public override Encoding Encoding => _inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
            {
                EmitLine();
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_gate)
        {
            var start = 0;
            int nl;
            while ((nl = value.IndexOf('\n', start)) >= 0)
            {
                _line.Append(value, start, nl - start + 1);
                EmitLine();
                start = nl + 1;
            }

            _line.Append(value, start, value.Length - start);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_gate)
        {
            EmitLine();
            _inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void EmitLine()
    {
        if (_line.Length == 0)
        {
            return;
        }

        _inner.Write(SecretMasker.Mask(_line.ToString()));
        _line.Clear();
    }
}
