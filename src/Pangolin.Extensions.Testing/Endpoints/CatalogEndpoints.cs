using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>Catalog create, get, list and delete (<c>pangolin_handlers.rs</c>).</summary>
internal sealed class CatalogEndpoints(EmulatorContext emulator)
{
    private static readonly JsonShape CreateShape = new("CreateCatalogRequest", DenyUnknownFields: false,
    [
        new JsonField("name", JsonFieldType.String),
        JsonField.Optional("catalog_type", JsonFieldType.Enum) with
        {
            Variants = ["Local", "Federated"],
            EnumName = "CatalogType",
        },
        JsonField.Optional("warehouse_name", JsonFieldType.String),
        JsonField.Optional("storage_location", JsonFieldType.String),
        JsonField.Optional("federated_config", JsonFieldType.Any),
        JsonField.Optional("properties", JsonFieldType.StringMap),
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/catalogs", Create);
        routes.MapGetAndHead("/api/v1/catalogs", List);
        routes.MapGetAndHead("/api/v1/catalogs/{name}", Get);
        routes.MapDelete("/api/v1/catalogs/{name}", Delete);
    }

    private async Task Create(HttpContext context)
    {
        var body = await JsonBodyReader.ReadAsync(context, CreateShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var session = Session.Of(context)!;
        if (session.Role == PangolinRole.Root)
        {
            await Reply.Text(context, 403, "Root user cannot create catalogs. Please login as Tenant Admin.").ConfigureAwait(false);
            return;
        }

        // The emulator has no warehouses: naming one is always "not found". An empty name means none.
        var warehouse = body.String("warehouse_name");
        if (!string.IsNullOrEmpty(warehouse))
        {
            await Reply.Text(context, 400, "Warehouse not found").ConfigureAwait(false);
            return;
        }

        var catalogType = body.String("catalog_type") ?? "Local";
        var federated = body.Raw("federated_config");
        if (catalogType == "Federated" && federated is null)
        {
            await Reply.Text(context, 400, "Federated catalog requires configuration").ConfigureAwait(false);
            return;
        }

        var catalog = emulator.Store.CreateCatalog(new EmulatorCatalog(
            Guid.NewGuid(),
            session.EffectiveTenant,
            body.String("name")!,
            catalogType,
            null,
            body.String("storage_location"),
            federated,
            body.Map("properties") ?? new Dictionary<string, string>(StringComparer.Ordinal)));
        await Reply.Json(context, StatusCodes.Status201Created, w => Write(w, catalog)).ConfigureAwait(false);
    }

    private Task Get(HttpContext context)
    {
        var name = PathSegments.Decode(context)[4];
        return emulator.Store.TryGetCatalog(name, out var catalog, Session.Of(context)!.EffectiveTenant)
            ? Reply.Json(context, 200, w => Write(w, catalog))
            : Reply.Text(context, 404, "Catalog not found");
    }

    private Task List(HttpContext context)
    {
        var catalogs = emulator.Store.ListCatalogs(Session.Of(context)!.EffectiveTenant);
        return Reply.Json(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var catalog in catalogs)
            {
                Write(w, catalog);
            }

            w.WriteEndArray();
        });
    }

    private Task Delete(HttpContext context)
    {
        // No authorization check, as upstream (contract §2.2).
        var name = PathSegments.Decode(context)[4];
        return emulator.Store.RemoveCatalog(name, Session.Of(context)!.EffectiveTenant)
            ? Reply.Empty(context, StatusCodes.Status204NoContent)
            : Reply.Text(context, 500, "Internal Server Error");
    }

    /// <summary><c>CatalogResponse</c>, snake_case, in field order.</summary>
    private static void Write(Utf8JsonWriter w, EmulatorCatalog catalog)
    {
        w.WriteStartObject();
        w.WriteString("id", catalog.Id.ToString("D"));
        w.WriteString("name", catalog.Name);
        w.WriteString("catalog_type", catalog.CatalogType);
        WriteNullable(w, "warehouse_name", catalog.WarehouseName);
        WriteNullable(w, "storage_location", catalog.StorageLocation);
        if (catalog.FederatedConfigJson is { } federated)
        {
            w.WritePropertyName("federated_config");
            w.WriteRawValue(federated, skipInputValidation: false);
        }
        else
        {
            w.WriteNull("federated_config");
        }

        Reply.WriteStringMap(w, "properties", catalog.Properties);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
