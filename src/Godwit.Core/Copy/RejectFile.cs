using System.Text;
using System.Text.Json;

namespace Godwit.Core.Copy;

/// <summary>Appends rejected rows as JSON lines: <c>{"table":…,"key":…,"column":…,"value":…,"reason":…}</c>. Thread-safe.</summary>
public sealed class RejectFile : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    public RejectFile(string path)
    {
        Path = path;
        _writer = new StreamWriter(Open(path), new UTF8Encoding(false));
    }

    public string Path { get; }

    public long Count { get; private set; }

    public void Write(RejectRecord reject)
    {
        ArgumentNullException.ThrowIfNull(reject);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("table", reject.Table);
            w.WriteString("key", reject.Key);
            w.WriteString("column", reject.Column);
            w.WriteString("value", reject.Value);
            w.WriteString("reason", reject.Reason);
            w.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
            Count++;
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Rejected rows are row data: the file is created 0600, and an existing one is narrowed to 0600.</summary>
    private static FileStream Open(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return stream;
    }
}
