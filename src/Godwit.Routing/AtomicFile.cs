namespace Godwit.Routing;

/// <summary>
/// Replaces a file so that a reader sees the old content or the new, never a mix: write a temporary file in the same
/// directory (a rename is only atomic within one file system), fsync it, rename it over the target, fsync the directory.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        using var pending = Stage(path, content);
        pending.Commit();
    }

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (fullPath, directory, temporary) = Prepare(path);
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream)
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                // .NET has no asynchronous fsync; flushing a file of a few hundred bytes blocks briefly.
                stream.Flush(flushToDisk: true);
            }

            // Once renamed the new state is published: cancellation is honoured before, never after.
            cancellationToken.ThrowIfCancellationRequested();
            KeepMode(fullPath, temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            Discard(temporary);
            throw;
        }

        DirectoryFlush.TryFlush(directory);
    }

    /// <summary>
    /// Writes and flushes the temporary file now; <see cref="PendingFile.Commit"/> renames it over the target later.
    /// Whatever must happen between the two (a switch command) then cannot be followed by a failure to write.
    /// </summary>
    public static PendingFile Stage(string path, ReadOnlySpan<byte> content)
    {
        var (fullPath, directory, temporary) = Prepare(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            KeepMode(fullPath, temporary);
        }
        catch
        {
            Discard(temporary);
            throw;
        }

        return new PendingFile(fullPath, directory, temporary);
    }

    /// <summary>
    /// The rename replaces the file's inode: without this the new file would carry this process's umask, and an
    /// application allowed to read the old file might not read the new one (and so never see the switch).
    /// </summary>
    internal static void KeepMode(string fullPath, string temporary)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(fullPath))
        {
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(fullPath));
        }
    }

    internal static void Discard(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static (string FullPath, string Directory, string Temporary) Prepare(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"{path} names no file.", nameof(path));
        Directory.CreateDirectory(directory);
        // Hidden and unique per writer, so that globbing readers skip it and two writers never share one.
        var temporary = Path.Combine(directory, $"{TemporaryPrefix(fullPath)}{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        return (fullPath, directory, temporary);
    }

    /// <summary>Deletes the temporary files writers of <paramref name="path"/> left behind (killed before their rename); returns them.</summary>
    internal static IReadOnlyList<string> DiscardLeftovers(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (directory is null || !Directory.Exists(directory))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var temporary in Directory.EnumerateFiles(directory, TemporaryPrefix(fullPath) + "*.tmp"))
        {
            File.Delete(temporary);
            removed.Add(temporary);
        }

        return removed;
    }

    /// <summary>The start of a temporary file's name: hidden (a leading dot) and named after the file it replaces.</summary>
    private static string TemporaryPrefix(string fullPath) => $".{Path.GetFileName(fullPath)}.";
}
