using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>
/// The generic asset endpoints (<c>asset_handlers.rs</c>). Only POST and GET are routed, so PUT, PATCH and DELETE on
/// these paths get the router's 405 with an empty body. The namespace segment is split on <c>.</c>; the branch is
/// always <c>main</c>.
/// </summary>
internal sealed class AssetEndpoints(EmulatorContext emulator)
{
    private const string AssetsPath = "/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets";

    private static readonly JsonShape RegisterShape = new("RegisterAssetRequest", DenyUnknownFields: true,
    [
        new JsonField("name", JsonFieldType.String),
        new JsonField("kind", JsonFieldType.Enum) { Variants = PangolinAssetKinds.All, EnumName = "AssetType" },
        new JsonField("location", JsonFieldType.String),

        // #[serde(default)] HashMap<String, String>: may be omitted, but null is a type error.
        new JsonField("properties", JsonFieldType.StringMap) { Required = false },
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(AssetsPath, Register);
        routes.MapGetAndHead(AssetsPath, List);
        routes.MapGetAndHead(AssetsPath + "/{asset}", Get);
    }

    private async Task Register(HttpContext context)
    {
        var segments = PathSegments.Decode(context);
        var (catalog, ns) = (segments[4], segments[6]);
        var body = await JsonBodyReader.ReadAsync(context, RegisterShape).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(catalog, out _, session.EffectiveTenant))
        {
            await Reply.Text(context, 404, "Catalog not found").ConfigureAwait(false);
            return;
        }

        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Create, catalog, ns))
        {
            await Reply.Text(context, 403, "Forbidden: Create permission required").ConfigureAwait(false);
            return;
        }

        var outcome = emulator.Store.RegisterAsset(
            session.EffectiveTenant,
            catalog,
            EmulatorStore.SplitDotted(ns),
            body.String("name")!,
            body.String("kind")!,
            body.String("location")!,
            body.Map("properties") ?? new Dictionary<string, string>(StringComparer.Ordinal),
            emulator.DuplicatePolicy,
            out var asset);
        switch (outcome)
        {
            case RegisterOutcome.CatalogNotFound:
                await Reply.Text(context, 404, "Catalog not found").ConfigureAwait(false);
                return;
            case RegisterOutcome.Duplicate:
                await Reply.Text(context, 500, "Failed to persist asset").ConfigureAwait(false);
                return;
        }

        await Reply.Json(context, StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", asset!.Id.ToString("D"));
            w.WriteString("name", asset.Name);
            w.WriteString("kind", asset.Kind);
            w.WriteString("location", asset.Location);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private Task Get(HttpContext context)
    {
        var segments = PathSegments.Decode(context);
        var (catalog, ns, name) = (segments[4], segments[6], segments[8]);
        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(catalog, out _, session.EffectiveTenant))
        {
            return Reply.Text(context, 404, "Catalog not found");
        }

        // Existence is revealed (404) before the permission check (403), as upstream.
        if (!emulator.Store.TryGetAsset(catalog, EmulatorStore.SplitDotted(ns), name, out var asset, session.EffectiveTenant))
        {
            return Reply.Text(context, 404, "Asset not found");
        }

        if (!Authorizer.Allows(emulator.Store, session, PangolinPermissions.Read, catalog, ns))
        {
            return Reply.Text(context, 403, "Forbidden: Read permission required");
        }

        return Reply.Json(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", asset.Id.ToString("D"));
            w.WriteString("name", asset.Name);
            w.WriteString("kind", asset.Kind);
            w.WriteString("location", asset.Location);
            Reply.WriteStringMap(w, "properties", asset.Properties);
            w.WriteEndObject();
        });
    }

    private Task List(HttpContext context)
    {
        if (!TryReadPagination(context.Request.Query, out var limit, out var offset, out var error))
        {
            return Reply.Text(context, 400, "Failed to deserialize query string: " + error);
        }

        var segments = PathSegments.Decode(context);
        var (catalog, ns) = (segments[4], segments[6]);
        var session = Session.Of(context)!;
        if (!emulator.Store.TryGetCatalog(catalog, out _, session.EffectiveTenant))
        {
            return Reply.Text(context, 404, "Catalog not found");
        }

        IEnumerable<EmulatorAsset> page = emulator.Store
            .ListAssets(session.EffectiveTenant, catalog, EmulatorStore.SplitDotted(ns))
            .Skip((int)Math.Min(offset, int.MaxValue));
        if (limit is { } take)
        {
            page = page.Take((int)Math.Min(take, int.MaxValue));
        }

        // Upstream filters after paginating (B42): pages can come back short for non-admins.
        var visible = page
            .Where(_ => Authorizer.Allows(emulator.Store, session, PangolinPermissions.Read, catalog, ns))
            .ToList();
        return Reply.Json(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var asset in visible)
            {
                w.WriteStartObject();
                w.WriteString("id", asset.Id.ToString("D"));
                w.WriteString("name", asset.Name);
                Reply.WriteStringArray(w, "namespace", asset.Namespace);
                w.WriteString("kind", asset.Kind);
                w.WriteStartObject("identifier");
                Reply.WriteStringArray(w, "namespace", asset.Namespace);
                w.WriteString("name", asset.Name);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>serde_urlencoded into <c>PaginationParams { limit: Option&lt;usize&gt;, offset: Option&lt;usize&gt; }</c>.</summary>
    internal static bool TryReadPagination(IQueryCollection query, out ulong? limit, out ulong offset, out string error)
    {
        limit = null;
        offset = 0;
        error = string.Empty;
        foreach (var field in new[] { "limit", "offset" })
        {
            if (!query.TryGetValue(field, out var values))
            {
                continue;
            }

            if (values.Count > 1)
            {
                error = $"duplicate field `{field}`";
                return false;
            }

            var text = values[0] ?? string.Empty;
            if (!TryParseUsize(text, out var value, out error))
            {
                return false;
            }

            if (field == "limit")
            {
                limit = value;
            }
            else
            {
                offset = value;
            }
        }

        return true;
    }

    private static bool TryParseUsize(string text, out ulong value, out string error)
    {
        value = 0;
        error = string.Empty;
        var digits = text.StartsWith('+') ? text[1..] : text;
        if (text.Length == 0)
        {
            error = "cannot parse integer from empty string";
            return false;
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            error = "invalid digit found in string";
            return false;
        }

        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = "number too large to fit in target type";
            return false;
        }

        return true;
    }
}
