namespace Godwit.MySql;

public enum ServerFlavor
{
    MySql,
    MariaDb,
}
