namespace Godwit.Cli.Tests.Fidelity;

/// <summary>One body of the translation corpus (Corpus/corpus.sql) with its source note and what is expected of it.</summary>
public sealed record CorpusCase
{
    public required string Id { get; init; }

    /// <summary>view, trigger, function or procedure.</summary>
    public required string Kind { get; init; }

    public required string Source { get; init; }

    public required string Body { get; init; }

    /// <summary>DML run on both servers before the check.</summary>
    public string? Do { get; init; }

    public string? CheckMySql { get; init; }

    public string? CheckPostgres { get; init; }

    /// <summary>A statement both servers must refuse (SIGNAL / RAISE).</summary>
    public string? Rejects { get; init; }

    /// <summary>Part of the reason the case must be listed with, when it is not to be translated.</summary>
    public string? Untranslated { get; init; }

    public override string ToString() => Id;

    public static IReadOnlyList<CorpusCase> Load(string path)
    {
        var cases = new List<CorpusCase>();
        Dictionary<string, string>? keys = null;
        var body = new List<string>();
        void Flush()
        {
            if (keys is null)
            {
                return;
            }

            var head = keys["case"].Split(' ', 2);
            keys.TryGetValue("check", out var check);
            cases.Add(new CorpusCase
            {
                Id = head[0],
                Kind = head[1],
                Source = keys.GetValueOrDefault("source") ?? throw new InvalidDataException($"{head[0]} has no @source"),
                Body = string.Join("\n", body).Trim(),
                Do = keys.GetValueOrDefault("do"),
                CheckMySql = keys.GetValueOrDefault("check-mysql") ?? check,
                CheckPostgres = keys.GetValueOrDefault("check-pg") ?? check,
                Rejects = keys.GetValueOrDefault("rejects"),
                Untranslated = keys.GetValueOrDefault("untranslated"),
            });
            body.Clear();
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("-- @", StringComparison.Ordinal))
            {
                var space = line.IndexOf(' ', 4);
                var key = line[4..space];
                if (key == "case")
                {
                    Flush();
                    keys = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                if (keys is not null)
                {
                    keys[key] = line[(space + 1)..].Trim();
                }
            }
            else if (keys is not null && !(body.Count == 0 && line.Trim().Length == 0))
            {
                body.Add(line);
            }
        }

        Flush();
        return cases;
    }
}
