namespace Godwit.Dashboard;

/// <summary>The page's files, embedded in the assembly (Assets/): name → content type and bytes.</summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>The asset <paramref name="name"/> (e.g. <c>app.js</c>), or null when there is none.</summary>
    public static (string ContentType, byte[] Bytes)? Find(string name)
    {
        if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
        {
            return null;
        }

        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Godwit.Dashboard.Assets." + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return (type, copy.ToArray());
    }

    /// <summary>Every asset's name (for tests).</summary>
    public static IEnumerable<string> Names() =>
        typeof(DashboardAssets).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Godwit.Dashboard.Assets.", StringComparison.Ordinal))
            .Select(n => n["Godwit.Dashboard.Assets.".Length..]);
}
