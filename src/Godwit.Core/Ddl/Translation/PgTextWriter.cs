using System.Text;

namespace Godwit.Core.Ddl.Translation;

/// <summary>Joins printed pieces with single spaces, none after an opening parenthesis or a dot and none before punctuation.</summary>
internal sealed class PgTextWriter
{
    private readonly StringBuilder _sb = new();

    public void Append(string piece)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (_sb.Length > 0)
        {
            var last = _sb[^1];
            var glued = last is '(' or '.' or ' ' || piece[0] is ')' or ',' or '.' or ';' || (piece == "*" && last == '.');
            if (!glued)
            {
                _sb.Append(' ');
            }
        }

        _sb.Append(piece);
    }

    public void AppendGlued(string piece) => _sb.Append(piece);

    public override string ToString() => _sb.ToString();
}
