namespace Godwit.Core.Assessment;

/// <summary>What assess learned from the source server, separate from the checks so they can be unit-tested with any values.</summary>
public sealed record SourceFacts
{
    public bool IsMariaDb { get; init; }

    public string Version { get; init; } = string.Empty;

    public int Major { get; init; }

    public int Minor { get; init; }

    /// <summary>Server variables by lower-case name (log_bin, binlog_format, binlog_row_image, server_id, gtid_mode, …).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public GrantSet Grants { get; init; } = new(new HashSet<string>(), new Dictionary<string, IReadOnlySet<string>>());

    /// <summary>Zero-date row counts by (table, column); only columns that have some.</summary>
    public IReadOnlyDictionary<(string Table, string Column), long> ZeroDates { get; init; } = new Dictionary<(string, string), long>();

    /// <summary>Rows holding an ENUM's empty error value (index 0) by (table, column); only columns that have some.</summary>
    public IReadOnlyDictionary<(string Table, string Column), long> InvalidEnums { get; init; } = new Dictionary<(string, string), long>();

    public string? Variable(string name) => Variables.TryGetValue(name, out var v) ? v : null;
}
