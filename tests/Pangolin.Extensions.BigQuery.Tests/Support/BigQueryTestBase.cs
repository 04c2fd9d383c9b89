using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.BigQuery.Tests.Support;

/// <summary>An emulator, a local token server with one trusted service account, and captured logs.</summary>
public abstract class BigQueryTestBase : IAsyncLifetime, IDisposable
{
    private PangolinEmulator? _emulator;
    private FakeGoogleTokenServer? _tokens;
    private ServiceAccountKey? _account;

    protected FernetKey Key { get; } = FernetKey.Generate();

    protected PangolinEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected FakeGoogleTokenServer Tokens => _tokens ?? throw new InvalidOperationException("Not started.");

    /// <summary>A service account the token server trusts.</summary>
    protected ServiceAccountKey Account => _account ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _emulator = await PangolinEmulator.StartAsync();
        _tokens = await FakeGoogleTokenServer.StartAsync();
        _account = new ServiceAccountKey("reporting@analytics-prod.iam.gserviceaccount.com", _tokens.TokenUri);
        _tokens.Trust(_account);
    }

    public void Dispose()
    {
        _account?.Dispose();
        GC.SuppressFinalize(this);
    }

    public async Task DisposeAsync()
    {
        if (_tokens is not null)
        {
            await _tokens.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    protected static AssetReference Asset(string name) => new("data_sources", "warehouses", name);

    /// <summary>pypangolin's <c>BigQueryAsset.register(..., credentials={"project_id": …, "credentials_json": …})</c>.</summary>
    protected static ConnectionAssetDefinition BigQueryAsset(string? projectId, string? credentialsJson, string connectionString = "bigquery://analytics-prod")
    {
        var credentials = new Dictionary<string, string>();
        if (projectId is not null)
        {
            credentials["project_id"] = projectId;
        }

        if (credentialsJson is not null)
        {
            credentials["credentials_json"] = credentialsJson;
        }

        return new ConnectionAssetDefinition(ConnectionType.BigQuery, connectionString, new ConnectionCredentials(credentials));
    }

    protected void Put(string name, ConnectionAssetDefinition definition) => Emulator.PutConnection(Asset(name), definition, Key);

    /// <summary>Builds services with one connection declared, its asset seeded, and the given registration.</summary>
    protected ServiceProvider Build(
        string name, ConnectionAssetDefinition definition, Action<IPangolinConnectionsBuilder>? register = null, Dictionary<string, string?>? extra = null)
    {
        Put(name, definition);
        var settings = new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = Emulator.BaseAddress.ToString(),
            [$"Pangolin:Connections:{name}:Asset"] = Asset(name).ToString(),
            [$"Pangolin:Connections:{name}:Key"] = "literal:" + Key.Export(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddSingleton<IConfiguration>(configuration);
        (register ?? (b => b.AddBigQueryConnection(name)))(services.AddPangolinConnections(configuration));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    protected static IReadOnlyList<string> LogTexts(ServiceProvider services) =>
        [.. services.GetFakeLogCollector().GetSnapshot().SelectMany(r => new[] { r.Message, r.Exception?.ToString() }).OfType<string>()];

    protected static IReadOnlyList<FakeLogRecord> LogRecords(ServiceProvider services) => services.GetFakeLogCollector().GetSnapshot();
}
