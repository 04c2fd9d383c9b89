using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>Iceberg REST namespaces (<c>iceberg/namespaces.rs</c>): create, exists (HEAD) and load.</summary>
internal sealed class NamespaceEndpoints(EmulatorContext emulator)
{
    private static readonly JsonShape CreateShape = new("CreateNamespaceRequest", DenyUnknownFields: true,
    [
        new JsonField("namespace", JsonFieldType.StringList),
        JsonField.Optional("properties", JsonFieldType.StringMap),
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/{catalog}/namespaces", Create);
        routes.MapGet("/v1/{catalog}/namespaces/{namespace}", Load);
        routes.MapMethods("/v1/{catalog}/namespaces/{namespace}", [HttpMethods.Head], Exists);
    }

    private async Task Create(HttpContext context)
    {
        var catalogName = PathSegments.Decode(context)[2];
        var body = await JsonBodyReader.ReadAsync(context, CreateShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(catalogName, out _, session.EffectiveTenant))
        {
            await Reply.Iceberg(context, 404, "NoSuchNamespaceException", "Namespace does not exist: " + catalogName)
                .ConfigureAwait(false);
            return;
        }

        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Create, catalogName, null))
        {
            await Reply.Iceberg(context, 403, "ForbiddenException", "Forbidden").ConfigureAwait(false);
            return;
        }

        var levels = body.List("namespace")!;
        var properties = body.Map("properties") ?? new Dictionary<string, string>(StringComparer.Ordinal);
        if (!emulator.Store.CreateNamespace(
                catalogName, levels, properties.ToDictionary(StringComparer.Ordinal), session.EffectiveTenant))
        {
            await Reply.Iceberg(context, 409, "AlreadyExistsException", "Namespace already exists: " + string.Join('.', levels))
                .ConfigureAwait(false);
            return;
        }

        await Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            Reply.WriteStringArray(w, "namespace", levels);
            Reply.WriteStringMap(w, "properties", properties);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task Load(HttpContext context)
    {
        var segments = PathSegments.Decode(context);
        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(segments[2], out _, session.EffectiveTenant))
        {
            return Reply.Iceberg(context, 404, "NoSuchNamespaceException", "Namespace does not exist: " + segments[2]);
        }

        var (levels, _) = IcebergPath.ParseNamespace(segments[4]);
        var dotted = string.Join('.', levels);
        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Read, segments[2], dotted))
        {
            return Reply.Iceberg(context, 403, "ForbiddenException", "Forbidden");
        }

        if (!emulator.Store.TryGetNamespace(segments[2], levels, out var ns, session.EffectiveTenant))
        {
            return Reply.Iceberg(context, 404, "NoSuchNamespaceException", "Namespace does not exist: " + dotted);
        }

        return Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            Reply.WriteStringArray(w, "namespace", ns.Levels);
            Reply.WriteStringMap(w, "properties", ns.Properties);
            w.WriteEndObject();
        });
    }

    private Task Exists(HttpContext context)
    {
        var segments = PathSegments.Decode(context);
        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(segments[2], out _, session.EffectiveTenant))
        {
            return Reply.Empty(context, 404);
        }

        var (levels, _) = IcebergPath.ParseNamespace(segments[4]);
        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Read, segments[2], string.Join('.', levels)))
        {
            return Reply.Empty(context, 403);
        }

        return Reply.Empty(context, emulator.Store.TryGetNamespace(segments[2], levels, out _, session.EffectiveTenant) ? 204 : 404);
    }
}
