namespace Godwit.MySql;

internal enum ReaderState
{
    /// <summary>Positioned in a result set whose rows are still arriving.</summary>
    InRows,

    /// <summary>The current result is complete; another may follow.</summary>
    ResultEnded,

    /// <summary>All results have been read; the connection is free.</summary>
    Finished,
}
