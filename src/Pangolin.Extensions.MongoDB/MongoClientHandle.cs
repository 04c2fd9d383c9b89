using MongoDB.Driver;
using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.MongoDB;

/// <summary>The client of one connection and what was learned while creating it (database names). One per service key.</summary>
internal sealed class MongoClientHandle(string connectionName, IMongoClient client, MongoClientPlan plan, PangolinMongoDBSettings settings, AssetReferenceHolder asset) : IDisposable
{
    public string ConnectionName { get; } = connectionName;

    public IMongoClient Client { get; } = client;

    public string? DatabaseName => plan.DatabaseName;

    public string HealthCheckDatabase => settings.HealthCheckDatabase ?? plan.DatabaseName ?? "admin";

    public IMongoDatabase GetDatabase() =>
        DatabaseName is null
            ? throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, ConnectionName, asset.Reference,
                "MongoDB: the connection string names no database, so no IMongoDatabase can be injected. Name one in the URL "
                + "(mongodb://host/database), set DatabaseName in the connection's settings, or use IMongoClient.GetDatabase(name).")
            : Client.GetDatabase(DatabaseName);

    public void Dispose() => (Client as IDisposable)?.Dispose();
}

/// <summary>Carries the asset reference for messages.</summary>
/// <param name="Reference">The asset.</param>
internal sealed record AssetReferenceHolder(Client.AssetReference Reference);
