using Godwit.Core.Connections;

namespace Godwit.Demo.Sources;

/// <summary>The one place the demo looks at the source's engine.</summary>
public static class DemoSources
{
    public static IDemoSource For(ConnectionUri source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return For(source.Engine);
    }

    public static IDemoSource For(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.MySql => MySqlDemoSource.Instance,
        DatabaseEngine.Postgres => PgDemoSource.Instance,
        _ => throw new ArgumentException($"The demo has no source on {engine}: use a mysql://, mariadb:// or postgresql:// URI.", nameof(engine)),
    };
}
