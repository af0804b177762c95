namespace Godwit.MySql;

/// <summary>
/// The data one <c>LOAD DATA LOCAL INFILE</c> statement may send: the file name the statement names and the
/// callback that writes the rows. The server names the file it wants in its request; any other name is refused,
/// so a hostile or confused server can never make the client send something it was not asked to.
/// </summary>
internal sealed record LocalInfileRequest(string FileName, Func<MySqlLoadDataWriter, CancellationToken, ValueTask> WriteData);
