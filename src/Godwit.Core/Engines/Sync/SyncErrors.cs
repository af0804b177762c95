using System.Net.Sockets;
using Godwit.Core.Connections;
using Godwit.Core.Providers;

namespace Godwit.Core.Engines.Sync;

/// <summary>Which failures a reconnect can cure (a lost server or connection) and which it cannot (a purged position, a row the target refuses).</summary>
public static class SyncErrors
{
    /// <summary>The kind label for <c>migration_errors_total{kind}</c>, or null when the error is not worth retrying.</summary>
    public static string? TransientKind(Exception ex, IStreamSource source, IStreamTarget target)
    {
        if (source.TryClassify(ex, out var kind) || target.TryClassify(ex, out kind))
        {
            return kind;
        }

        return ex switch
        {
            SourceStreamEndedException or SourceStalledException => "source_connection",
            IOException or SocketException or TimeoutException => "connection",
            _ when ex.InnerException is { } inner => TransientKind(inner, source, target),
            _ => null,
        };
    }

    /// <summary>A transient failure for the log and <c>last_error</c>: which side was lost, then why.</summary>
    public static string Describe(string kind, Exception ex)
    {
        var side = kind switch
        {
            "source_connection" => "lost the source",
            "target_connection" => "lost the target",
            "target_conflict" => "a lock conflict on the target (deadlock, serialization failure or lock timeout; retried)",
            "target_resources" => "the target is out of resources (disk full, out of memory or too many connections?)",
            _ => "lost a connection",
        };
        return $"{side}: {SecretMasker.Describe(ex).TrimEnd('.')}";
    }
}
