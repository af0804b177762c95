using System.Text;

namespace Godwit.Demo.Tests;

/// <summary>
/// Samples the command lines of a process and of everything it started (/proc/PID/cmdline, which every local user
/// can read, as <c>ps</c> does) and keeps those that carry one of the given passwords, with the password masked.
/// </summary>
internal sealed class CommandLineWatch
{
    private readonly int _root;
    private readonly string[] _secrets;
    private readonly HashSet<string> _leaks = [];
    private readonly HashSet<string> _seen = [];

    public CommandLineWatch(int root, IEnumerable<string?> secrets)
    {
        _root = root;
        _secrets = [.. secrets.OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public int Samples { get; private set; }

    /// <summary>Every command line seen, masked: to show the watch did see the programs it is meant to.</summary>
    public IReadOnlyCollection<string> Seen => _seen;

    /// <summary>The command lines that held a password, with it masked.</summary>
    public IReadOnlyCollection<string> Leaks => _leaks;

    public void Sample()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        var pending = new Queue<int>([_root]);
        while (pending.TryDequeue(out var pid))
        {
            var arguments = CommandLine(pid);

            // The testbed's own script passes its public password as mariadb-admin -p… (scrubbed by the client as it
            // starts); it is not the demo's doing, and the demo runs it only to make sure the servers are up.
            if (arguments is null || arguments.Any(a => a.EndsWith("testbed.sh", StringComparison.Ordinal)))
            {
                continue;
            }

            var line = string.Join(' ', arguments.Select(Mask));
            _seen.Add(line);
            if (arguments.Any(Carries))
            {
                _leaks.Add(line);
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                pending.Enqueue(child);
            }
        }

        Samples++;
    }

    /// <summary>A password as an argument, in a URI, after <c>=</c> (PGPASSWORD=…, --password=…) or after <c>-p</c>.</summary>
    private bool Carries(string argument) => _secrets.Any(s =>
        argument == s || argument == "-p" + s || argument.EndsWith("=" + s, StringComparison.Ordinal) || argument.Contains(":" + s + "@", StringComparison.Ordinal));

    private string Mask(string argument) =>
        Carries(argument) ? _secrets.Aggregate(argument, (a, s) => a.Replace(s, "***", StringComparison.Ordinal)) : argument;

    private static int? ParentOf(int pid)
    {
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so the fields are counted from its end.
        var stat = Read($"/proc/{pid}/stat");
        var end = stat?.LastIndexOf(')') ?? -1;
        var fields = end < 0 ? [] : stat![(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null;
    }

    private static string[]? CommandLine(int pid) =>
        Read($"/proc/{pid}/cmdline") is { Length: > 0 } text ? text.TrimEnd('\0').Split('\0') : null;

    /// <summary>The file's text, or null when the process ended meanwhile.</summary>
    private static string? Read(string path)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
