using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary><c>POST /api/v1/tenants</c> (<c>tenant_handlers.rs</c>).</summary>
internal sealed class TenantEndpoints(EmulatorContext emulator)
{
    private static readonly JsonShape CreateShape = new("CreateTenantRequest", DenyUnknownFields: true,
    [
        new JsonField("name", JsonFieldType.String),
        JsonField.Optional("properties", JsonFieldType.StringMap),
    ]);

    public void Map(IEndpointRouteBuilder routes) => routes.MapPost("/api/v1/tenants", Create);

    private async Task Create(HttpContext context)
    {
        var body = await JsonBodyReader.ReadAsync(context, CreateShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (emulator.AuthMode == PangolinAuthMode.NoAuth)
        {
            await Reply.Json(context, StatusCodes.Status403Forbidden, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", "Tenant creation is disabled in NO_AUTH mode");
                w.WriteString(
                    "hint",
                    "Remove PANGOLIN_NO_AUTH environment variable and use /api/v1/tokens endpoint to generate tokens");
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        if (Session.Of(context)!.Role != PangolinRole.Root)
        {
            await Reply.Text(context, StatusCodes.Status403Forbidden, "Only Root can create tenants").ConfigureAwait(false);
            return;
        }

        var properties = body.Map("properties");
        var tenant = emulator.Store.CreateTenant(
            body.String("name")!, properties?.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
        await Reply.Json(context, StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", tenant.Id.ToString("D"));
            w.WriteString("name", tenant.Name);
            Reply.WriteStringMap(w, "properties", tenant.Properties);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
