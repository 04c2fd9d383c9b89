using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Testing;

namespace QuickStart;

/// <summary>The quick start, callable from tests.</summary>
internal static class QuickStartApp
{
    public const string KeyVariable = "QUICKSTART_KEY";
    public const string ConnectionName = "quickstart";
    public static readonly AssetReference Asset = AssetReference.Parse("quickstart.databases.local_sqlite");

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var serverUri = configuration["Pangolin:Uri"];

        // 1. A Pangolin server: the one configured, or the embedded emulator.
        await using var emulator = serverUri is null ? await PangolinEmulator.StartAsync(cancellationToken: cancellationToken) : null;
        var pangolin = serverUri is null ? emulator!.BaseAddress : new Uri(serverUri);
        await output.WriteLineAsync($"Pangolin: {pangolin} ({(emulator is null ? "configured server" : "embedded emulator")})");

        // 2. The Fernet key lives in an environment variable, as a user-managed key (pypangolin's encryption_key=...).
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(KeyVariable)))
        {
            Environment.SetEnvironmentVariable(KeyVariable, FernetKey.Generate().Export());
            await output.WriteLineAsync($"Generated a Fernet key into ${KeyVariable} for this run.");
        }

        // 3. Register the connection the way pypangolin's register() writes it: encrypted credentials, plain connection string.
        var database = configuration["QuickStart:Database"] ?? Path.Combine(Path.GetTempPath(), "pangolin-quickstart.db");
        await RegisterAsync(pangolin, configuration, database, cancellationToken);

        // 4. An ordinary host: the connection comes from configuration, resolved, decrypted and injected.
        // An empty builder: the sample reads only environment variables and the command line, never an appsettings.json
        // that happens to sit in the working directory.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args, EnvironmentName = Environments.Production });
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHealthChecks();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = pangolin.ToString(),
            [$"Pangolin:Connections:{ConnectionName}:Asset"] = Asset.ToString(),
            [$"Pangolin:Connections:{ConnectionName}:Key"] = $"env:{KeyVariable}",
            [$"Pangolin:Connections:{ConnectionName}:HealthCheckTags:0"] = "ready",
        });
        builder.AddPangolinConnections().AddSqliteDataSource(ConnectionName);
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);

        // 5. Use it.
        var db = host.Services.GetRequiredKeyedService<DbDataSource>(ConnectionName);
        await using (var create = db.CreateCommand(
            "CREATE TABLE IF NOT EXISTS visits (id INTEGER PRIMARY KEY, at TEXT NOT NULL); INSERT INTO visits (at) VALUES (datetime('now'));"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var query = db.CreateCommand("SELECT count(*), sqlite_version() FROM visits"))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            await output.WriteLineAsync($"Query result: {reader.GetInt64(0)} visit(s) recorded in {database} (SQLite {reader.GetString(1)})");
        }

        // 6. The health report, as /health/ready would show it.
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
        await output.WriteLineAsync($"Health: {report.Status}");
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync($"  {name}: {entry.Status} ({entry.Duration.TotalMilliseconds:0} ms){(entry.Description is null ? string.Empty : " - " + entry.Description)}");
        }

        await host.StopAsync(cancellationToken);
        return report.Status == HealthStatus.Healthy ? 0 : 1;
    }

    private static async Task RegisterAsync(Uri pangolin, IConfiguration configuration, string database, CancellationToken cancellationToken)
    {
        var options = new PangolinClientOptions { Uri = pangolin };
        configuration.GetSection("Pangolin:Auth").Bind(options.Auth);
        using var client = PangolinClient.Create(options);
        await client.EnsureCatalogAsync(Asset.Catalog, cancellationToken);
        await client.CreateNamespaceAsync(Asset.Catalog, Asset.NamespaceLevels, cancellationToken);

        var key = FernetKey.Parse(Environment.GetEnvironmentVariable(KeyVariable)!);
        var definition = new ConnectionAssetDefinition(
            ConnectionType.Sqlite,
            "sqlite:///" + database.TrimStart('/'),
            new ConnectionCredentials([new("username", "quickstart"), new("password", "not-used-by-sqlite")]))
        {
            Description = "Quick start SQLite database",
        };
        await new PangolinConnectionAssets(client).RegisterAsync(
            Asset, definition, new FernetKeyRing([key]), new RegisterConnectionOptions { IfExists = AssetExistsBehavior.Replace }, cancellationToken);
    }
}
