using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

internal static class RouteExtensions
{
    /// <summary>axum's <c>get()</c> also answers HEAD (same status and headers, no body).</summary>
    public static void MapGetAndHead(this IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        routes.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], handler);
}
