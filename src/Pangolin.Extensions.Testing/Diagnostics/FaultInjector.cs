using Microsoft.AspNetCore.Http;

namespace Pangolin.Extensions.Testing;

/// <summary>Outage simulation: an offline switch, a countdown of failures, a predicate and an artificial delay.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private int _remaining;
    private int _status;
    private long _delayTicks;

    public volatile bool Offline;

    public Func<HttpContext, bool>? Predicate { get; set; }

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public void FailNext(int count, int status)
    {
        lock (_gate)
        {
            _remaining = count;
            _status = status;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _remaining = 0;
        }

        Offline = false;
        Predicate = null;
        Delay = TimeSpan.Zero;
    }

    /// <summary>Whether this request must fail, and with which status.</summary>
    public bool ShouldFail(HttpContext context, out int status)
    {
        status = StatusCodes.Status503ServiceUnavailable;
        if (Offline)
        {
            return true;
        }

        lock (_gate)
        {
            if (_remaining > 0)
            {
                _remaining--;
                status = _status;
                return true;
            }
        }

        return Predicate?.Invoke(context) == true;
    }
}
