using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Godwit.Demo.Ledger;

/// <summary>
/// The app's record of its writes, one JSON object per line, appended (and flushed) as each write settles, so that a
/// checker can afterwards hold the target to exactly what the app was told. Safe to append from several workers.
/// </summary>
public sealed class TrafficLedger : IDisposable
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    private TrafficLedger(StreamWriter writer)
    {
        _writer = writer;
    }

    /// <summary>Opens the ledger for appending, creating it (and its directory) if needed.</summary>
    public static TrafficLedger Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new TrafficLedger(new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" });
    }

    public static IReadOnlyList<LedgerEntry> Read(string path)
    {
        var entries = new List<LedgerEntry>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize<LedgerEntry>(line, JsonOptions)
                    ?? throw new JsonException("null"));
            }
            catch (JsonException e)
            {
                // A line cut short by a crash mid-write is the only tolerated damage, and only at the end.
                if (number == File.ReadLines(path).Count())
                {
                    break;
                }

                throw new InvalidDataException($"{path}:{number}: not a ledger entry ({e.Message})", e);
            }
        }

        return entries;
    }

    public void Append(LedgerEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, JsonOptions);
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
