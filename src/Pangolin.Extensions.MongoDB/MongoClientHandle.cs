using MongoDB.Driver;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.MongoDB;

/// <summary>The client of one connection and what was learned while creating it (database names). One per service key.</summary>
internal sealed class MongoClientHandle(string connectionName, IMongoClient client, MongoClientPlan plan, PangolinMongoDBSettings settings, AssetReference asset) : IDisposable
{
    public string ConnectionName { get; } = connectionName;

    public IMongoClient Client { get; } = client;

    public string? DatabaseName => plan.DatabaseName;

    public string HealthCheckDatabase => settings.HealthCheckDatabase ?? plan.DatabaseName ?? "admin";

    public IMongoDatabase GetDatabase() =>
        DatabaseName is null
            ? throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, ConnectionName, asset,
                "MongoDB: the connection string names no database, so no IMongoDatabase can be injected. Name one in the URL "
                + "(mongodb://host/database), set DatabaseName in the connection's settings, or use IMongoClient.GetDatabase(name).")
            : Client.GetDatabase(DatabaseName);

    public void Dispose() => (Client as IDisposable)?.Dispose();
}
