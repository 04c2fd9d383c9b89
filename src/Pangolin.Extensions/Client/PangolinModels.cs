using System.Text.Json.Serialization;

namespace Pangolin.Extensions.Client;

/// <summary>An asset as Pangolin returns it from <c>GET .../assets/{name}</c>.</summary>
/// <param name="Id">The server-assigned id (a UUID string).</param>
/// <param name="Name">The asset name.</param>
/// <param name="Kind">The asset kind in Pangolin's spelling, such as <c>DB_CONN_STRING</c>.</param>
/// <param name="Location">The asset location; pypangolin stores the connection string here.</param>
/// <param name="Properties">The asset properties; every value is a string.</param>
public sealed record PangolinAsset(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>The kind Pangolin gives database connection assets.</summary>
    public const string ConnectionKind = "DB_CONN_STRING";

    /// <summary>Lists property names only: property values can hold key material and are never printed.</summary>
    /// <returns>A description without property values.</returns>
    public override string ToString() =>
        $"PangolinAsset {{ Id = {Id}, Name = {Name}, Kind = {Kind}, Properties = [{string.Join(", ", Properties.Keys.Order(StringComparer.Ordinal))}] }}";
}

/// <summary>One entry of <c>GET .../assets</c>: no location and no properties.</summary>
/// <param name="Id">The asset id.</param>
/// <param name="Name">The asset name.</param>
/// <param name="Namespace">The namespace levels.</param>
/// <param name="Kind">The asset kind.</param>
public sealed record PangolinAssetSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("namespace")] IReadOnlyList<string> Namespace,
    [property: JsonPropertyName("kind")] string Kind);

/// <summary>What <c>POST .../assets</c> answers: the asset without its properties.</summary>
/// <param name="Id">The new asset id.</param>
/// <param name="Name">The asset name.</param>
/// <param name="Kind">The asset kind.</param>
/// <param name="Location">The asset location.</param>
public sealed record PangolinRegisteredAsset(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("location")] string Location);

/// <summary>A catalog as Pangolin returns it.</summary>
/// <param name="Id">The catalog id.</param>
/// <param name="Name">The catalog name.</param>
/// <param name="CatalogType">The catalog type, <c>Local</c> or <c>Federated</c>.</param>
/// <param name="WarehouseName">The warehouse, if any.</param>
public sealed record PangolinCatalog(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("catalog_type")] string? CatalogType,
    [property: JsonPropertyName("warehouse_name")] string? WarehouseName);

/// <summary>The result of Pangolin's readiness probe (<c>GET /health/ready</c>).</summary>
/// <param name="Status">The status text, <c>ready</c> when the server can serve requests.</param>
/// <param name="Store">The store probe result, <c>ok</c> when healthy.</param>
/// <param name="IsReady">Whether the server answered 200.</param>
public sealed record PangolinServerHealth(string Status, string? Store, bool IsReady);

internal sealed record RegisterAssetBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties);

internal sealed record CreateCatalogBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("warehouse_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WarehouseName);

internal sealed record CreateNamespaceBody(
    [property: JsonPropertyName("namespace")] IReadOnlyList<string> Namespace);

internal sealed record LoginBody(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password,
    [property: JsonPropertyName("tenant-id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TenantId);

internal sealed record LoginResponse(
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("expires-at")] DateTimeOffset? ExpiresAt);

internal sealed record HealthBody(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("store")] string? Store);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PangolinAsset))]
[JsonSerializable(typeof(List<PangolinAssetSummary>))]
[JsonSerializable(typeof(PangolinRegisteredAsset))]
[JsonSerializable(typeof(PangolinCatalog))]
[JsonSerializable(typeof(RegisterAssetBody))]
[JsonSerializable(typeof(CreateCatalogBody))]
[JsonSerializable(typeof(CreateNamespaceBody))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PangolinJsonContext : JsonSerializerContext;
