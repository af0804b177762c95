namespace Godwit.Demo.Tests;

/// <summary>
/// Sets environment variables of this process for a test's commands run in-process, and puts the old values back.
/// The assembly runs one test at a time (AssemblyInfo.cs), so no other test sees them.
/// </summary>
internal sealed class ScopedEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _before = [];

    public ScopedEnvironment(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _before[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _before)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
