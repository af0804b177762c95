using System.Text;

namespace Godwit.Routing;

/// <summary>
/// Reads and writes routing files (docs/routing.md): the JSON file through which <c>godwit cutover</c> tells
/// applications which database is their primary.
/// </summary>
public static class RoutingFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Parses a routing file's text. <c>primary</c> ("source" or "target") and <c>version</c> (a non-negative
    /// integer) are required; <c>format</c>, if present, must be 1; the optional fields must have their type; fields
    /// this version does not know are ignored.
    /// </summary>
    /// <param name="json">The file's content.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <exception cref="RoutingFileException">The text is not a valid routing file; the message names the path and the field.</exception>
    public static RoutingState Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(path);
        return RoutingJsonReader.Parse(json, path);
    }

    /// <summary>
    /// The file's text: indented JSON with snake_case keys in a fixed order (<c>format</c>, <c>primary</c>,
    /// <c>version</c>, <c>switched_at</c> as UTC with milliseconds, <c>source</c>, <c>target</c>, <c>stream</c>)
    /// and a trailing newline.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The state cannot be written: a negative version, an unknown format or primary, or a source or target URI whose
    /// password is not masked as <c>****</c>.
    /// </exception>
    public static string Serialize(RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RoutingJsonWriter.Serialize(state);
    }

    /// <summary>Reads and parses the file; null when it does not exist.</summary>
    /// <exception cref="RoutingFileException">The file cannot be read or is not a valid routing file.</exception>
    public static RoutingState? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            using var reader = new StreamReader(OpenForReading(path, useAsync: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            json = reader.ReadToEnd();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoutingFileException(path, null, $"cannot be read: {e.Message}", e);
        }

        return Parse(json, path);
    }

    /// <summary>Reads and parses the file; null when it does not exist.</summary>
    /// <exception cref="RoutingFileException">The file cannot be read or is not a valid routing file.</exception>
    public static async Task<RoutingState?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            using var reader = new StreamReader(OpenForReading(path, useAsync: true), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            json = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RoutingFileException(path, null, $"cannot be read: {e.Message}", e);
        }

        return Parse(json, path);
    }

    /// <summary>
    /// Replaces the file atomically: the new content goes to a temporary file in the same directory, is flushed to
    /// disk, and is renamed over the file; then the directory is flushed where the platform allows. A concurrent
    /// reader sees the old state or the new one, never a partial file. The directory is created if missing.
    /// </summary>
    /// <exception cref="ArgumentException">The state cannot be written (see <see cref="Serialize"/>).</exception>
    public static void Write(string path, RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, Utf8NoBom.GetBytes(Serialize(state)));
    }

    /// <inheritdoc cref="Write"/>
    public static Task WriteAsync(string path, RoutingState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        return AtomicFile.WriteAsync(path, Utf8NoBom.GetBytes(Serialize(state)), cancellationToken);
    }

    /// <summary>
    /// Serializes, writes and flushes <paramref name="state"/> beside <paramref name="path"/> without publishing it:
    /// <see cref="PendingFile.Commit"/> then only renames. A cutover stages the file before running its switch command,
    /// so nothing but the rename can fail after the application has been told to move.
    /// </summary>
    public static PendingFile Stage(string path, RoutingState state)
    {
        ArgumentNullException.ThrowIfNull(path);
        return AtomicFile.Stage(path, Utf8NoBom.GetBytes(Serialize(state)));
    }

    /// <summary>
    /// Deletes staged files a writer of <paramref name="path"/> left beside it when it died before the rename (they were
    /// never the routing file: readers never see them); returns their paths.
    /// </summary>
    public static IReadOnlyList<string> DiscardStaged(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return AtomicFile.DiscardLeftovers(path);
    }

    // FileShare.Delete: on Windows a reader holding the file open would otherwise make the writer's rename fail.
    private static FileStream OpenForReading(string path, bool useAsync) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync);
}
