namespace Godwit.Core.Ddl;

public enum NoteSeverity
{
    Info,
    Warning,
}
