namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>Exponential backoff with jitter for retried requests, as the AWS SDKs do.</summary>
internal static class RetryBackoff
{
    /// <summary>The first retry waits between half and all of this.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>No wait is longer than this.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    /// <summary>The longest wait before retry <paramref name="retry"/> (0 for the first retry).</summary>
    /// <param name="retry">The retry number, from 0.</param>
    /// <returns>The upper bound.</returns>
    public static TimeSpan UpperBound(int retry) =>
        TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, Math.Clamp(retry, 0, 30))));

    /// <summary>The wait before retry <paramref name="retry"/>: between half of and the full upper bound ("equal jitter").</summary>
    /// <param name="retry">The retry number, from 0.</param>
    /// <param name="random">A number in [0, 1).</param>
    /// <returns>The wait.</returns>
    public static TimeSpan Delay(int retry, double random)
    {
        var bound = UpperBound(retry);
        return TimeSpan.FromTicks(bound.Ticks / 2 + (long)(bound.Ticks / 2 * Math.Clamp(random, 0, 1)));
    }
}
