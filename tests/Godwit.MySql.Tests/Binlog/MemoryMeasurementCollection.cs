namespace Godwit.MySql.Tests.Binlog;

/// <summary>Tests that measure the process's memory, run without other tests in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}
