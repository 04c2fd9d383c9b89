using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// Path parameters decoded the way axum does it: every segment fully percent-decoded (so <c>%2F</c> becomes
/// <c>/</c> and <c>%1F</c> becomes U+001F inside the value). ASP.NET Core keeps <c>%2F</c> encoded, so the raw
/// request target is used when it lines up with the routed path.
/// </summary>
internal static class PathSegments
{
    public static string[] Decode(HttpContext context)
    {
        var routed = (context.Request.Path.Value ?? "/").Split('/');
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/')
        {
            var end = raw.AsSpan().IndexOfAny('?', '#');
            var rawPath = end >= 0 ? raw[..end] : raw;
            var rawSegments = rawPath.Split('/');
            if (rawSegments.Length == routed.Length)
            {
                return [.. rawSegments.Select(Uri.UnescapeDataString)];
            }
        }

        return [.. routed.Select(s => s.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase))];
    }
}
