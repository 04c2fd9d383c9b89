using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Snowflake.Tests.Support;

/// <summary>An emulator, a key, a per-test recording factory and captured logs (every level).</summary>
public abstract class SnowflakeTestBase : IAsyncLifetime
{
    private PangolinEmulator? _emulator;

    protected FernetKey Key { get; } = FernetKey.Generate();

    protected PangolinEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    protected RecordingDbProviderFactory Factory { get; } = new();

    public async Task InitializeAsync() => _emulator = await PangolinEmulator.StartAsync();

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    protected static AssetReference Asset(string name) => new("warehouses", "snowflake", name);

    protected void Put(string name, ConnectionAssetDefinition definition) => Emulator.PutConnection(Asset(name), definition, Key);

    /// <summary>Builds services with one connection declared, its asset seeded, and the given registration.</summary>
    protected ServiceProvider Build(
        string name,
        ConnectionAssetDefinition definition,
        Action<IPangolinConnectionsBuilder>? register = null,
        Dictionary<string, string?>? extra = null)
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
        var builder = services.AddPangolinConnections(configuration);
        (register ?? (b => b.AddSnowflakeDataSource(name, s => s.ProviderFactory = Factory)))(builder);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>Every log message and exception text captured so far.</summary>
    protected static IReadOnlyList<string> LogTexts(ServiceProvider services) =>
        [.. services.GetFakeLogCollector().GetSnapshot().SelectMany(r => new[] { r.Message, r.Exception?.ToString() }).OfType<string>()];

    protected static IReadOnlyList<FakeLogRecord> LogRecords(ServiceProvider services) => services.GetFakeLogCollector().GetSnapshot();
}
