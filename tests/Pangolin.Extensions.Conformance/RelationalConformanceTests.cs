using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Testing;

namespace Pangolin.Extensions.Conformance;

/// <summary>
/// The checklist every relational driver package passes: keyed isolation, lifetimes, the unkeyed default,
/// caller-chosen keys, one health check per connection with the configured tags and timeout, configuration
/// precedence, registration-time validation, typed errors for an asset of another type, and no secret in
/// connection strings or <c>ToString()</c>. Runs against the emulator only: no database is opened.
/// </summary>
/// <typeparam name="TDataSource">The driver's data source type.</typeparam>
/// <typeparam name="TConnection">The driver's connection type.</typeparam>
public abstract class RelationalConformanceTests<TDataSource, TConnection> : IAsyncLifetime
    where TDataSource : DbDataSource
    where TConnection : DbConnection
{
    /// <summary>A password with characters that break naive connection strings.</summary>
    protected const string Password = "P@ss;w0rd='\"{x}secret";

    private PangolinEmulator? _emulator;

    /// <summary>The key that encrypts the seeded assets.</summary>
    protected FernetKey Key { get; } = FernetKey.Generate();

    /// <summary>The emulator the connections resolve from.</summary>
    protected PangolinEmulator Emulator => _emulator ?? throw new InvalidOperationException("Not started.");

    /// <summary>An asset of the type this driver accepts, for a database with the given name.</summary>
    protected abstract ConnectionAssetDefinition CreateAsset(string database, string password);

    /// <summary>An asset of a type this driver does not accept.</summary>
    protected abstract ConnectionAssetDefinition CreateAssetOfAnotherType();

    /// <summary>Registers the driver for a connection.</summary>
    protected abstract void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false);

    /// <summary>Registers the driver for a connection and sets <see cref="PrecedenceSetting"/> to a value in code.</summary>
    protected abstract void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value);

    /// <summary>A driver setting (key in <c>Connections:{name}:Settings</c>) and two distinct valid values.</summary>
    protected abstract (string Key, string ConfigValue, string CodeValue) PrecedenceSetting { get; }

    /// <summary>Reads a connection-string setting of a data source.</summary>
    protected abstract string? ReadSetting(TDataSource dataSource, string key);

    /// <summary>The database a data source points at.</summary>
    protected abstract string? ReadDatabase(TDataSource dataSource);

    /// <inheritdoc />
    public async Task InitializeAsync() => _emulator = await PangolinEmulator.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public void Keyed_connections_are_isolated()
    {
        using var services = Build(["first", "second"], b => { AddConnection(b, "first"); AddConnection(b, "second"); });

        var first = services.GetRequiredKeyedService<TDataSource>("first");
        var second = services.GetRequiredKeyedService<TDataSource>("second");

        Assert.NotSame(first, second);
        Assert.Equal("db_first", ReadDatabase(first));
        Assert.Equal("db_second", ReadDatabase(second));
    }

    [Fact]
    public void Data_sources_are_singletons_and_connections_are_transient()
    {
        using var services = Build(["first"], b => AddConnection(b, "first"));

        var dataSource = services.GetRequiredKeyedService<TDataSource>("first");
        Assert.Same(dataSource, services.GetRequiredKeyedService<TDataSource>("first"));
        Assert.Same(dataSource, services.GetRequiredKeyedService<DbDataSource>("first"));
        using var one = services.GetRequiredKeyedService<TConnection>("first");
        using var two = services.GetRequiredKeyedService<DbConnection>("first");
        Assert.NotSame(one, two);
        Assert.IsType<TConnection>(two, exactMatch: false);
    }

    [Fact]
    public void The_unkeyed_default_is_registered_only_when_asked()
    {
        using (var without = Build(["first"], b => AddConnection(b, "first")))
        {
            Assert.Null(without.GetService<TDataSource>());
        }

        using var with = Build(["first"], b => AddConnection(b, "first", registerAsDefault: true));
        Assert.Same(with.GetRequiredKeyedService<TDataSource>("first"), with.GetRequiredService<TDataSource>());
        Assert.Same(with.GetRequiredService<TDataSource>(), with.GetRequiredService<DbDataSource>());
    }

    [Fact]
    public void A_caller_chosen_service_key_is_used_instead_of_the_name()
    {
        using var services = Build(["first"], b => AddConnection(b, "first", serviceKey: "primary"));

        Assert.Equal("db_first", ReadDatabase(services.GetRequiredKeyedService<TDataSource>("primary")));
        Assert.Null(services.GetKeyedService<TDataSource>("first"));
        Assert.Same(services.GetRequiredKeyedService<DbDataSource>("primary"), services.GetRequiredService<IPangolinConnectionFactory>().GetDataSource("first"));
    }

    [Fact]
    public void One_health_check_per_connection_with_the_configured_tags_and_timeout()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pangolin:Connections:first:HealthCheckTags:0"] = "ready",
            ["Pangolin:Connections:first:HealthCheckTags:1"] = "db",
            ["Pangolin:Connections:first:HealthCheckTimeout"] = "00:00:07",
        };
        using var services = Build(["first", "second"], b =>
        {
            AddConnection(b, "first");
            AddConnection(b, "first", serviceKey: "again");
            AddConnection(b, "second");
        }, settings);

        var registrations = services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var first = Assert.Single(registrations, r => r.Name == "first");
        Assert.Equal(["db", "ready"], first.Tags.Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(7), first.Timeout);
        Assert.Single(registrations, r => r.Name == "second");
        Assert.Contains(registrations, r => r.Name == "pangolin");
    }

    [Fact]
    public void A_health_check_can_be_disabled()
    {
        using var services = Build(["first"], b => AddConnection(b, "first"), new() { ["Pangolin:Connections:first:DisableHealthCheck"] = "true" });
        Assert.DoesNotContain(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "first");
    }

    [Fact]
    public void An_undeclared_connection_fails_at_registration_naming_the_config_path()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build(["first"], b => AddConnection(b, "missing")));
        Assert.Contains("Pangolin:Connections:missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("first", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_registrations_cannot_share_a_service_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build(["first", "second"], b =>
        {
            AddConnection(b, "first", serviceKey: "same");
            AddConnection(b, "second", serviceKey: "same");
        }));
        Assert.Contains("'same'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_asset_of_another_type_is_a_typed_error_naming_the_connection()
    {
        using var services = Build(["first"], b => AddConnection(b, "first"));
        Emulator.PutConnection(Asset("first"), CreateAssetOfAnotherType(), Key);

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<TDataSource>("first"));
        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
        Assert.Equal("first", ex.ConnectionName);
    }

    [Fact]
    public void Configuration_settings_apply_and_code_wins()
    {
        var (key, configValue, codeValue) = PrecedenceSetting;
        var settings = new Dictionary<string, string?> { [$"Pangolin:Connections:first:Settings:{key}"] = configValue };

        using (var fromConfig = Build(["first"], b => AddConnection(b, "first"), settings))
        {
            Assert.Equal(configValue, ReadSetting(fromConfig.GetRequiredKeyedService<TDataSource>("first"), key));
        }

        using var fromCode = Build(["first"], b => AddConnectionWithCodeSetting(b, "first", codeValue), settings);
        Assert.Equal(codeValue, ReadSetting(fromCode.GetRequiredKeyedService<TDataSource>("first"), key));
    }

    [Fact]
    public void Secrets_stay_out_of_connection_strings_and_ToString()
    {
        using var services = Build(["first"], b => AddConnection(b, "first"));
        var dataSource = services.GetRequiredKeyedService<TDataSource>("first");
        using var connection = services.GetRequiredKeyedService<TConnection>("first");

        Assert.DoesNotContain("secret", dataSource.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", dataSource.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", connection.ConnectionString, StringComparison.Ordinal);
    }

    /// <summary>The asset reference used for a connection name.</summary>
    protected static AssetReference Asset(string connectionName) => new("conformance", "databases", connectionName);

    /// <summary>Builds a service provider with the given connections declared and seeded.</summary>
    protected ServiceProvider Build(IEnumerable<string> connections, Action<IPangolinConnectionsBuilder> register, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Pangolin:Uri"] = Emulator.BaseAddress.ToString() };
        foreach (var name in connections)
        {
            settings[$"Pangolin:Connections:{name}:Asset"] = Asset(name).ToString();
            settings[$"Pangolin:Connections:{name}:Key"] = "literal:" + Key.Export();
            Emulator.PutConnection(Asset(name), CreateAsset("db_" + name, Password), Key);
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        register(services.AddPangolinConnections(configuration));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}
