namespace Godwit.Core.Connections;

/// <summary>The engine family a connection URI points at.</summary>
public enum DatabaseEngine
{
    /// <summary>MySQL or MariaDB (<c>mysql://</c>, <c>mariadb://</c>).</summary>
    MySql,

    /// <summary>PostgreSQL (<c>postgresql://</c>, <c>postgres://</c>).</summary>
    Postgres,
}
