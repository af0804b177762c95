namespace Godwit.Demo.Tests;

/// <summary>The checkout's root (where Godwit.sln, ./godwit and scripts/ are), found above the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Godwit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Godwit.sln not found above " + AppContext.BaseDirectory);
    }
}
