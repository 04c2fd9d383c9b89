namespace Pangolin.Extensions.Testing;

/// <summary>
/// Pangolin's <c>RateLimiter</c>: a counter per key that expires one window after it was last incremented
/// (a moka cache entry with a TTL, re-inserted on each counted attempt). A limit of 0 disables it.
/// </summary>
internal sealed class FixedWindowLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Count, DateTimeOffset ExpiresAt)> _counters = new(StringComparer.Ordinal);
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public FixedWindowLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _time = time;
    }

    public TimeSpan Window => _window;

    /// <summary>Counts an attempt; <see langword="false"/> when the key is over the limit (the attempt is not counted).</summary>
    public bool TryAcquire(string key)
    {
        if (_limit <= 0)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        lock (_gate)
        {
            var current = _counters.TryGetValue(key, out var entry) && entry.ExpiresAt > now ? entry.Count : 0;
            if (current >= _limit)
            {
                return false;
            }

            _counters[key] = (current + 1, now + _window);
            return true;
        }
    }

    public void Clear(string key)
    {
        lock (_gate)
        {
            _counters.Remove(key);
        }
    }
}
