namespace Godwit.Routing.Tests;

/// <summary>A routing file in a fresh temporary directory, removed with it.</summary>
internal sealed class TemporaryRoutingFile : IDisposable
{
    public static readonly DateTimeOffset FirstSwitch = new(2026, 11, 21, 10, 0, 0, 123, TimeSpan.Zero);

    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("godwit-routing-").FullName;

    public TemporaryRoutingFile() => Path = System.IO.Path.Combine(_directory, "routing.json");

    public string Path { get; }

    public string Directory => _directory;

    public static RoutingState Initial => new()
    {
        Primary = RoutingPrimary.Source,
        Version = 1,
        SwitchedAt = FirstSwitch,
        Source = "mysql://app:****@db1:3306/shop",
        Target = "postgresql://app:****@pg1:5432/shop",
        Stream = "shop",
    };

    public RoutingState WriteInitial()
    {
        RoutingFile.Write(Path, Initial);
        return Initial;
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
