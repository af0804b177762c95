namespace Godwit.Testing;

/// <summary>Waiting for a condition a test asserts, never for a fixed time.</summary>
public static class Waiting
{
    /// <summary>Polls <paramref name="condition"/> until it holds; past <paramref name="timeout"/> (a guard against a hang, not a speed limit) fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(50);
        }
    }
}
