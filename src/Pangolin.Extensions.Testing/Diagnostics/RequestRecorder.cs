using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pangolin.Extensions.Testing;

/// <summary>Thread-safe log of answered requests.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public int Count(string? method, string path)
    {
        lock (_gate)
        {
            return _requests.Count(r => MethodMatches(method, r.Method) && PathMatches(path, r.Path));
        }
    }

    public void Add(HttpContext context, DateTimeOffset timestamp, int status)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = Mask(header.Key, header.Value.ToString());
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            raw,
            context.Request.QueryString.Value ?? string.Empty,
            status,
            headers,
            timestamp);
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    private static string Mask(string name, string value)
    {
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? value[..space] + " " + RecordedRequest.Redacted : RecordedRequest.Redacted;
        }

        return name.Equals("X-API-Key", StringComparison.OrdinalIgnoreCase) ? RecordedRequest.Redacted : value;
    }

    private static bool MethodMatches(string? expected, string actual) =>
        expected is null || expected == "*" || expected.Equals(actual, StringComparison.OrdinalIgnoreCase);

    /// <summary>Exact match, or a segment-wise prefix (<c>/a/b</c> matches <c>/a/b/c</c> but not <c>/a/bc</c>).</summary>
    internal static bool PathMatches(string expected, string actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return true;
        }

        if (!actual.StartsWith(expected, StringComparison.Ordinal))
        {
            return false;
        }

        return expected.EndsWith('/') || actual[expected.Length] == '/';
    }
}
