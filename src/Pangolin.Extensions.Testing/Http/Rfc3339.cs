using System.Globalization;

namespace Pangolin.Extensions.Testing;

/// <summary>chrono-compatible RFC 3339 timestamps.</summary>
internal static class Rfc3339
{
    /// <summary>
    /// Like chrono <c>to_rfc3339()</c> on a clock with nanosecond precision: nine fractional digits and an
    /// explicit <c>+00:00</c> offset, e.g. <c>2026-08-12T18:48:09.123456700+00:00</c>.
    /// </summary>
    public static string WithNanoseconds(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.'fffffff'00+00:00'", CultureInfo.InvariantCulture);

    /// <summary>Like serde's encoding of <c>DateTime&lt;Utc&gt;</c>: fraction digits as needed (0, 3, 6 or 9) and <c>Z</c>.</summary>
    public static string Serde(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var head = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var nanos = (utc.Ticks % TimeSpan.TicksPerSecond) * 100;
        string fraction;
        if (nanos == 0)
        {
            fraction = string.Empty;
        }
        else if (nanos % 1_000_000 == 0)
        {
            fraction = "." + (nanos / 1_000_000).ToString("000", CultureInfo.InvariantCulture);
        }
        else if (nanos % 1_000 == 0)
        {
            fraction = "." + (nanos / 1_000).ToString("000000", CultureInfo.InvariantCulture);
        }
        else
        {
            fraction = "." + nanos.ToString("000000000", CultureInfo.InvariantCulture);
        }

        return head + fraction + "Z";
    }
}
