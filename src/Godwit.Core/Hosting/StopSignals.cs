using System.Runtime.InteropServices;

namespace Godwit.Core.Hosting;

/// <summary>
/// Ctrl-C and SIGTERM as one CancellationToken for a command-line program (godwit, godwit-demo): the first signal
/// asks for a clean stop (the token is cancelled, the exit code becomes 130 or 143); a later one is not intercepted,
/// so the runtime's default ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    /// <summary>128 + SIGINT.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>128 + SIGTERM.</summary>
    public const int TerminatedExitCode = 143;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Action<int>? _onFirstSignal;

    /// <param name="handleSignals">False in tests: the token then only stops when nothing signals it.</param>
    /// <param name="onFirstSignal">Told the exit code when the first signal arrives (to say "stopping cleanly").</param>
    public StopSignals(bool handleSignals, Action<int>? onFirstSignal = null)
    {
        _onFirstSignal = onFirstSignal;
        if (handleSignals)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => Request(ctx, InterruptedExitCode)));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Request(ctx, TerminatedExitCode)));
        }
    }

    public CancellationToken Token => _stop.Token;

    public bool IsStopRequested => _stop.IsCancellationRequested;

    /// <summary>The exit code the stop asks for: 130 (SIGINT, also the default) or 143 (SIGTERM).</summary>
    public int ExitCode { get; private set; } = InterruptedExitCode;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Request(PosixSignalContext context, int code)
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        ExitCode = code;
        _onFirstSignal?.Invoke(code);
        _stop.Cancel();
    }
}
