using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Dremio.Tests;

/// <summary>An emulator with Dremio assets in pypangolin's layout, and applications built against it.</summary>
public sealed class DremioApp : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];
    private PangolinEmulator? _emulator;

    public FernetKey Key { get; } = FernetKey.Generate();

    public PangolinEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    public static AssetReference Asset(string name) => new("conns", "lakehouse", name);

    public static async Task<DremioApp> StartAsync() => new() { _emulator = await PangolinEmulator.StartAsync() };

    /// <summary>Stores an asset as pypangolin's <c>DremioAsset.register()</c> would (every credential a Fernet token).</summary>
    public void Put(string name, string connectionString, Dictionary<string, string> credentials, ConnectionType? type = null) =>
        Emulator.PutConnection(Asset(name), new ConnectionAssetDefinition(type ?? ConnectionType.Dremio, connectionString, new ConnectionCredentials(credentials)), Key);

    public ServiceProvider Build(string[] names, Action<IPangolinConnectionsBuilder> register, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Pangolin:Uri"] = Emulator.BaseAddress.ToString() };
        foreach (var name in names)
        {
            settings[$"Pangolin:Connections:{name}:Asset"] = Asset(name).ToString();
            settings[$"Pangolin:Connections:{name}:Key"] = "literal:" + Key.Export();
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging();
        services.AddSingleton<IConfiguration>(configuration);
        register(services.AddPangolinConnections(configuration));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider;
    }

    public IEnumerable<FakeLogRecord> Logs() => _providers.SelectMany(p => p.GetFakeLogCollector().GetSnapshot());

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
