namespace Godwit.Routing;

/// <summary>A routing file that cannot be used: missing, unreadable or invalid. The message names the file and, where one is at fault, the field.</summary>
public sealed class RoutingFileException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> and, if one is at fault, <paramref name="field"/>.</summary>
    public RoutingFileException(string filePath, string? field, string problem, Exception? innerException = null)
        : base(Describe(filePath, field, problem), innerException)
    {
        FilePath = filePath;
        Field = field;
        Problem = problem;
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public RoutingFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message of its own and its cause.</summary>
    public RoutingFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public RoutingFileException()
    {
    }

    /// <summary>The routing file at fault.</summary>
    public string? FilePath { get; }

    /// <summary>The JSON field at fault (as spelled in the file), or null when the whole file is.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the path and field (for re-wording).</summary>
    internal string? Problem { get; }

    private static string Describe(string filePath, string? field, string problem) =>
        field is null ? $"routing file {filePath}: {problem}" : $"routing file {filePath}: field \"{field}\" {problem}";
}
