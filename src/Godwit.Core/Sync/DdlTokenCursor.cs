namespace Godwit.Core.Sync;

/// <summary>
/// A position in a run of <see cref="DdlToken"/>s, as the column-definition readers walk them: the run ends at
/// <paramref name="end"/>, where <see cref="Current"/> is an End token.
/// </summary>
internal sealed class DdlTokenCursor(IReadOnlyList<DdlToken> tokens, int start, int end, string sql)
{
    private static readonly DdlToken EndToken = new(DdlTokenKind.End, string.Empty);

    public int At { get; private set; } = start;

    public DdlToken Current => Peek(0);

    public bool AtEnd => At >= end;

    public DdlToken Peek(int ahead) => At + ahead < end ? tokens[At + ahead] : EndToken with { Start = End, End = End };

    /// <summary>The statement text from the current token's start up to <paramref name="to"/> (a token index).</summary>
    public string TextUntil(int to) => sql[Current.Start..(to > At ? tokens[to - 1].End : Current.Start)];

    private int End => end > 0 && end <= tokens.Count ? tokens[end - 1].End : sql.Length;

    public void Advance()
    {
        if (At < end)
        {
            At++;
        }
    }

    public bool Accept(string word)
    {
        if (!Current.IsWord(word))
        {
            return false;
        }

        At++;
        return true;
    }

    public bool AcceptSymbol(char symbol)
    {
        if (!Current.IsSymbol(symbol))
        {
            return false;
        }

        At++;
        return true;
    }

    /// <summary>At an opening parenthesis: the index of the token just past its closing one, or -1 when it does not close.</summary>
    public int MatchingParenthesisEnd()
    {
        var depth = 0;
        for (var i = At; i < end; i++)
        {
            depth += tokens[i].IsSymbol('(') ? 1 : tokens[i].IsSymbol(')') ? -1 : 0;
            if (depth == 0)
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>Moves to a token index found by <see cref="MatchingParenthesisEnd"/>.</summary>
    public void MoveTo(int index) => At = Math.Min(index, end);
}
