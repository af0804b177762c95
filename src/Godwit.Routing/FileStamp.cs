namespace Godwit.Routing;

/// <summary>What a cheap stat(2) tells about a file: enough to skip reading it while it is unchanged.</summary>
internal readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
{
    /// <summary>The file's stamp, or null when it does not exist.</summary>
    public static FileStamp? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : null;
    }
}
