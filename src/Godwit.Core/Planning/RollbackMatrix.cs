namespace Godwit.Core.Planning;

/// <summary>What to do when each phase fails or must be undone, and what Godwit undoes by itself.</summary>
internal static class RollbackMatrix
{
    public static IReadOnlyList<RollbackRow> Rows(string endpoints, string routingFile, bool pgSource) =>
    [
        new("preflight", "Nothing has changed on either side (assess --fix changes only what it printed). Fix the findings and run assess again.", "nothing to undo"),
        new(
            "copy and stream",
            "The application still uses the source. Run the same migrate again: it resumes from the chunks already done. To start over: migrate --restart --if-exists drop. "
            + (pgSource
                ? "To abandon: drop the target schema and the slot and publication godwit status --source names."
                : "To abandon: drop the target schema."),
            "each chunk commits with its bookkeeping or not at all; a lost connection is retried; the stream reconnects with backoff and applies each source transaction exactly once"),
        new(
            "catch up",
            $"The application still uses the source. Stop the stream any time (SIGTERM) and resume it with godwit sync {endpoints}; a purged source position means copying again (migrate --restart).",
            "reconnects with backoff; the lag alert fires while it cannot catch up"),
        new(
            "verify",
            "Do not cut over. List the differing rows (verify --mode rows --tables TABLE), find their cause (a refused row, a write that bypassed the stream), fix it or copy again.",
            "the cutover's gate refuses while the latest verify of a table found differences"),
        new("cutover gates", "Nothing has changed: fix what the gate names (lag, counts, constraints, the routing file) and run the cutover again.", "the cutover stops before the freeze"),
        new(
            "freeze, drain, sequences, final check",
            $"The cutover undoes itself: the source is writable again and the application stays on it. If the cutover process was killed while the source was frozen: godwit cutover {endpoints} --abort.",
            "yes: any failure after the freeze runs the abort path (writes unfrozen, switch command re-run with GODWIT_PRIMARY=source), before the routing file is written"),
        new(
            "switch",
            $"A failure before {routingFile} is rewritten runs the abort path like the steps before it. Once it says primary=target, the application writes to the target.",
            "yes, until the routing file is written"),
        new(
            "after the switch",
            $"The cutover prepared the reverse stream: keep godwit sync {endpoints} --reverse running, so the source stays current with the application's writes on the target. "
            + $"To go back: godwit rollback {endpoints} --routing-file {routingFile} (freezes the target, drains the reverse stream, moves AUTO_INCREMENT, switches {routingFile} to primary=source; then godwit sync follows the source again).",
            "no automatic trigger yet (cutover --guard is not built): the rollback is one command, and it undoes itself like the cutover if a step fails before its switch"),
    ];
}
