namespace Godwit.Core.Specs;

/// <summary>What schema creation does when a target object already exists.</summary>
public enum IfExistsMode
{
    Error,
    Keep,
    Drop,
}
