using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Drivers;

/// <summary>
/// Keeps a value built from a connection's resolution (connection-string parts, credentials objects, …) and builds
/// it again, once, when the resolver hands out a new resolution. Driver data sources that build a fresh connection
/// per open use it so that rotated credentials reach new connections without rebuilding on every open.
/// Thread-safe: readers never block while the resolution is unchanged.
/// </summary>
/// <typeparam name="T">The value built from a resolution.</typeparam>
public sealed class PerResolution<T>
    where T : class
{
    private readonly Func<ResolvedConnection, T?, T> _build;
    private readonly Action<T, T>? _replaced;
    private readonly Lock _gate = new();
    private volatile Entry _current;

    /// <summary>Builds the value for the first resolution.</summary>
    /// <param name="first">The first resolution.</param>
    /// <param name="build">Builds the value for a resolution, given the previous value (or <see langword="null"/> for the first).</param>
    /// <param name="replaced">Called with the previous and the new value after a rebuild (to release what only the previous holds).</param>
    public PerResolution(ResolvedConnection first, Func<ResolvedConnection, T?, T> build, Action<T, T>? replaced = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(build);
        _build = build;
        _replaced = replaced;
        _current = new Entry(first, build(first, null));
    }

    /// <summary>The value built from the most recent resolution.</summary>
    public T Current => _current.Value;

    /// <summary>Returns the value for a resolution, building it if the resolution is not the one the current value came from.</summary>
    /// <param name="resolved">The resolution (compared by reference: the resolver hands out one object per resolution).</param>
    /// <returns>The value.</returns>
    public T For(ResolvedConnection resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var current = _current;
        if (ReferenceEquals(current.Source, resolved))
        {
            return current.Value;
        }

        lock (_gate)
        {
            current = _current;
            if (ReferenceEquals(current.Source, resolved))
            {
                return current.Value;
            }

            var next = new Entry(resolved, _build(resolved, current.Value));
            _current = next;
            _replaced?.Invoke(current.Value, next.Value);
            return next.Value;
        }
    }

    private sealed record Entry(ResolvedConnection Source, T Value);
}
