using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary><c>/health</c>, <c>/health/live</c>, <c>/health/ready</c> and <c>/api/v1/app-config</c>.</summary>
internal sealed class HealthEndpoints(EmulatorContext emulator)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGetAndHead("/health/live", context => Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("status", "alive");
            w.WriteEndObject();
        }));
        routes.MapGetAndHead("/health/ready", Ready);
        routes.MapGetAndHead("/health", Ready);
        routes.MapGetAndHead("/api/v1/app-config", context => Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("auth_enabled", emulator.AuthMode == PangolinAuthMode.Required);
            w.WriteEndObject();
        }));
    }

    private static Task Ready(HttpContext context) => Reply.Json(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "ready");
        w.WriteString("store", "ok");
        w.WriteNumber("store_latency_ms", 0);
        w.WriteEndObject();
    });
}
