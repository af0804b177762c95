using Npgsql;

namespace Godwit.Postgres.Dashboard;

/// <summary>Nullable column reads shared by the state readers.</summary>
internal static class PgStateColumns
{
    public static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? Int64(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static double? Double(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    public static DateTimeOffset? Time(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    public static IReadOnlyList<string> Texts(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? [] : r.GetFieldValue<string[]>(i);
}
