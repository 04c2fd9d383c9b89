using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// The two ways to remove an asset: the Iceberg table DELETE (any kind, needs Delete) and the bulk delete by id
/// (no authorization at all; tenant from the session, ignoring Root's tenant header).
/// </summary>
internal sealed class DeleteEndpoints(EmulatorContext emulator)
{
    private static readonly JsonShape BulkShape = new("BulkDeleteAssetsRequest", DenyUnknownFields: true,
    [
        new JsonField("asset_ids", JsonFieldType.StringList),
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapDelete("/v1/{catalog}/namespaces/{namespace}/tables/{table}", DeleteTable);
        routes.MapPost("/api/v1/bulk/assets/delete", BulkDelete);
    }

    private Task DeleteTable(HttpContext context)
    {
        var segments = PathSegments.Decode(context);
        var catalog = segments[2];
        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(catalog, out _, session.EffectiveTenant))
        {
            return Reply.Iceberg(context, 404, "NoSuchNamespaceException", "Namespace does not exist: " + catalog);
        }

        var (name, tableBranch) = IcebergPath.ParseTable(segments[6]);
        var (levels, namespaceBranch) = IcebergPath.ParseNamespace(segments[4]);
        var branch = tableBranch ?? namespaceBranch ?? "main";
        var dotted = string.Join('.', levels);

        // Generic assets only ever live on "main".
        if (branch != "main" || !emulator.Store.TryGetAsset(catalog, levels, name, out _, session.EffectiveTenant))
        {
            return Reply.Iceberg(context, 404, "NoSuchTableException", $"Table does not exist: {dotted}.{name}");
        }

        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Delete, catalog, dotted))
        {
            return Reply.Iceberg(context, 403, "ForbiddenException", "Forbidden");
        }

        emulator.Store.RemoveAsset(session.EffectiveTenant, catalog, levels, name);
        return Reply.Empty(context, StatusCodes.Status204NoContent);
    }

    private async Task BulkDelete(HttpContext context)
    {
        var body = await JsonBodyReader.ReadAsync(context, BulkShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var ids = body.List("asset_ids")!;
        if (ids.Count > 100)
        {
            await Reply.ApiError(context, 400, "Maximum 100 assets can be deleted at once").ConfigureAwait(false);
            return;
        }

        var tenant = Session.Of(context)!.TenantId ?? EmulatorStore.DefaultTenantId;
        var succeeded = 0;
        var errors = new List<string>();
        foreach (var text in ids)
        {
            if (!JsonBodyReader.TryParseUuid(text, out var id))
            {
                errors.Add("Invalid UUID: " + text);
            }
            else if (emulator.Store.RemoveAssetById(tenant, id))
            {
                succeeded++;
            }
            else
            {
                errors.Add("Asset not found: " + text);
            }
        }

        await Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("succeeded", succeeded);
            w.WriteNumber("failed", errors.Count);
            Reply.WriteStringArray(w, "errors", errors);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
