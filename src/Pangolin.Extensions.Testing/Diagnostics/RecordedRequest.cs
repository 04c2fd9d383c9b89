namespace Pangolin.Extensions.Testing;

/// <summary>One request the emulator answered (recorded when the response completed).</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The request path as ASP.NET Core sees it (percent-decoded except <c>%2F</c>).</param>
/// <param name="Target">The raw request target (path and query exactly as sent on the wire).</param>
/// <param name="QueryString">The query string including the leading <c>?</c>, or empty.</param>
/// <param name="StatusCode">The response status code (499 when the client went away first).</param>
/// <param name="Headers">
/// The request headers (names case-insensitive, repeated values comma-joined). Secrets are masked:
/// <c>Authorization</c> keeps only its scheme (<c>Bearer [redacted]</c>) and <c>X-API-Key</c> reads <c>[redacted]</c>.
/// </param>
/// <param name="Timestamp">When the request arrived, per the emulator's <see cref="TimeProvider"/>.</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Target,
    string QueryString,
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset Timestamp)
{
    /// <summary>The masked value recorded instead of a secret header value.</summary>
    public const string Redacted = "[redacted]";
}
