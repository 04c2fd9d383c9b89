using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;
using MongoDB.Driver;
using Pangolin.Extensions.TestInfrastructure;

namespace Pangolin.Extensions.MongoDB.Tests;

/// <summary>
/// A smoke test against CongoDB (a TypeScript MongoDB-wire server, not a real mongod): ping and simple unauthenticated
/// CRUD through a client resolved from an emulator asset without credentials (CongoDB has no authentication).
/// </summary>
[Trait(TestCategories.Category, TestCategories.Integration)]
public sealed class CongoDBSmokeTests : IAsyncLifetime
{
    private MongoApp _app = null!;

    public async Task InitializeAsync() => _app = await MongoApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Resolves_inserts_finds_and_reports_healthy()
    {
        var database = "pangolin_smoke_" + Guid.NewGuid().ToString("N")[..8];
        var baseUrl = TestServers.MongoDbUrl.TrimEnd('/');
        _app.Put("events", $"{baseUrl}/{database}?serverSelectionTimeoutMS=5000");
        var services = _app.Build(["events"], b => b.AddMongoDBClient("events"));

        var db = services.GetRequiredKeyedService<IMongoDatabase>("events");
        Assert.Equal(database, db.DatabaseNamespace.DatabaseName);
        var collection = db.GetCollection<BsonDocument>("orders");
        await collection.InsertOneAsync(new BsonDocument { ["order"] = 42, ["item"] = "pangolin" });
        var found = await collection.Find(new BsonDocument("order", 42)).FirstOrDefaultAsync();

        Assert.NotNull(found);
        Assert.Equal("pangolin", found["item"].AsString);
        Assert.Same(db.Client, services.GetRequiredKeyedService<IMongoClient>("events"));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "events");
        Assert.Equal(HealthStatus.Healthy, report.Entries["events"].Status);
    }
}
