namespace Godwit.Routing;

/// <summary>A file's new content written and flushed beside it, published by <see cref="Commit"/> (an atomic rename), or discarded.</summary>
public sealed class PendingFile : IDisposable
{
    private readonly string _fullPath;
    private readonly string _directory;
    private readonly string _temporary;
    private bool _done;

    internal PendingFile(string fullPath, string directory, string temporary)
    {
        _fullPath = fullPath;
        _directory = directory;
        _temporary = temporary;
    }

    /// <summary>Renames the staged content over the file (readers see the old state or the new one), then flushes the directory.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        AtomicFile.KeepMode(_fullPath, _temporary);
        File.Move(_temporary, _fullPath, overwrite: true);
        _done = true;
        DirectoryFlush.TryFlush(_directory);
    }

    /// <summary>Discards the staged content unless it was committed.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            AtomicFile.Discard(_temporary);
        }
    }
}
