namespace Godwit.Core.Ddl;

/// <summary>MySQL identifiers: backticks, with embedded backticks doubled.</summary>
public static class MySqlIdentifier
{
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
