using System.Text.Json;
using Godwit.MySql;

namespace Godwit.Providers.MySql.Target.Dashboard;

/// <summary>Nullable column reads shared by the MySQL target's state readers.</summary>
internal static class MySqlStateColumns
{
    public static string? Text(MySqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? Int64(MySqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static double? Double(MySqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    /// <summary>The sessions run in UTC (<see cref="MySqlTargetSessions"/>), so a TIMESTAMP reads back as UTC.</summary>
    public static DateTimeOffset? Time(MySqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    /// <summary>A JSON array of strings (how the MySQL target keeps verify's table lists).</summary>
    public static IReadOnlyList<string> Texts(MySqlDataReader r, int i) =>
        r.IsDBNull(i) ? [] : JsonSerializer.Deserialize<string[]>(r.GetString(i)) ?? [];
}
