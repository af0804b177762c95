namespace Godwit.Cli.Tests;

/// <summary>Finds the checkout's root (where Godwit.sln and ./godwit are) from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Godwit.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Godwit.sln not found above " + AppContext.BaseDirectory);
    }
}
