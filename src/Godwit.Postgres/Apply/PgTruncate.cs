namespace Godwit.Postgres.Apply;

/// <summary>How the stream empties a target table: a source's TRUNCATE (MySQL's DDL, PostgreSQL's logged change).</summary>
internal static class PgTruncate
{
    /// <summary>
    /// TRUNCATE refuses a table other tables reference, even with triggers off (and the source's TRUNCATE of a referenced
    /// table comes as one change per table); DELETE does not.
    /// </summary>
    public static string Sql(string qualified)
    {
        ArgumentException.ThrowIfNullOrEmpty(qualified);
        return $"""
            DO $godwit$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f' AND confrelid = '{qualified.Replace("'", "''", StringComparison.Ordinal)}'::regclass AND conrelid <> confrelid)
              THEN DELETE FROM {qualified}; ELSE TRUNCATE {qualified}; END IF;
            END $godwit$
            """;
    }
}
