namespace Godwit.Core.Specs;

/// <summary>What the change stream does with DDL found in the binlog.</summary>
public enum OnDdlMode
{
    Apply,
    Stop,
    Ignore,
}
