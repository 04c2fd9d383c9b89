using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Tests.DependencyInjection;

public class OptionsValidationTests
{
    [Fact]
    public void Binds_string_and_object_asset_forms_key_and_key_ring()
    {
        var options = Build(new()
        {
            ["Pangolin:Uri"] = "http://localhost:8080",
            ["Pangolin:Connections:orders:Asset"] = "data_sources.databases.prod_postgres",
            ["Pangolin:Connections:orders:Key"] = "env:ORDERS_KEY",
            ["Pangolin:Connections:orders:HealthCheckTags:0"] = "ready",
            ["Pangolin:Connections:events:Asset:Catalog"] = "data_sources",
            ["Pangolin:Connections:events:Asset:Namespace"] = "nosql.prod",
            ["Pangolin:Connections:events:Asset:Name"] = "events",
            ["Pangolin:Connections:events:Keys:0"] = "env:NEW",
            ["Pangolin:Connections:events:Keys:1"] = "config:Old:Key",
        }).GetRequiredService<IOptions<PangolinOptions>>().Value;

        var definitions = PangolinConnectionDefinitions.FromOptions(options).ToDictionary(d => d.Name);
        Assert.Equal("data_sources.databases.prod_postgres", definitions["orders"].Asset.ToString());
        Assert.Equal(["env:ORDERS_KEY"], definitions["orders"].Keys.Select(k => k.ToString()));
        Assert.Equal(["nosql", "prod"], definitions["events"].Asset.NamespaceLevels);
        Assert.Equal(["env:NEW", "config:Old:Key"], definitions["events"].Keys.Select(k => k.ToString()));
        Assert.Equal(["ready"], options.Connections["orders"].HealthCheckTags);
        Assert.Equal("Pangolin:Connections:orders", definitions["orders"].ConfigurationPath);
    }

    [Theory]
    [InlineData("Pangolin:Uri", null, "Pangolin:Uri is required")]
    [InlineData("Pangolin:Uri", "not a uri", "Pangolin:Uri")]
    [InlineData("Pangolin:Uri", "ftp://x", "Pangolin:Uri must be an absolute http or https address")]
    [InlineData("Pangolin:Connections:orders:Asset", "only.two", "Pangolin:Connections:orders:Asset is invalid")]
    [InlineData("Pangolin:Connections:orders:Asset", "c.a/b.n", "Pangolin:Connections:orders:Asset is invalid")]
    [InlineData("Pangolin:Connections:orders:Key", "ORDERS_KEY", "Pangolin:Connections:orders:Key is invalid")]
    [InlineData("Pangolin:Connections:orders:Key", "vault:secret/x#k", "Pangolin:Connections:orders:Key uses the key provider 'vault', which is not registered")]
    [InlineData("Pangolin:Connections:orders:Key", null, "Pangolin:Connections:orders:Key is required")]
    [InlineData("Pangolin:Auth:TenantId", "tenant-1", "Pangolin:Auth:TenantId must be a UUID")]
    [InlineData("Pangolin:Auth:Method", "Login", "Pangolin:Auth:Username is required")]
    [InlineData("Pangolin:KeyProviders:vault:Type", "Nope", "Pangolin:KeyProviders:vault:Type 'Nope' is not a known key provider type")]
    [InlineData("Pangolin:Connections:orders:Settings:Password", "x", "Pangolin:Connections:orders:Settings:Password may not be set")]
    public void Start_up_validation_names_the_config_path(string key, string? value, string expected)
    {
        var settings = Valid();
        settings[key] = value;
        var services = Build(settings);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PangolinOptions>>().Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_never_echoes_the_pangolin_password()
    {
        var settings = Valid();
        settings["Pangolin:Auth:Password"] = "hunter2-secret";
        settings["Pangolin:Uri"] = null;
        var ex = Assert.Throws<OptionsValidationException>(() => Build(settings).GetRequiredService<IOptions<PangolinOptions>>().Value);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_configuration_passes_and_code_wins_over_configuration()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPangolinConnections(Config(Valid()), configure: o => o.Timeout = TimeSpan.FromSeconds(3));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PangolinOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.Equal(new Uri("http://localhost:8080"), options.Uri);
    }

    [Fact]
    public void ToString_of_options_redacts_secrets()
    {
        var settings = Valid();
        settings["Pangolin:Auth:Username"] = "svc";
        settings["Pangolin:Auth:Password"] = "hunter2-secret";
        settings["Pangolin:Auth:Token"] = "eyJ.token.secret";
        var options = Build(settings).GetRequiredService<IOptions<PangolinOptions>>().Value;
        var text = options.ToString();
        Assert.Contains("svc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", text, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Valid() => new()
    {
        ["Pangolin:Uri"] = "http://localhost:8080",
        ["Pangolin:Connections:orders:Asset"] = "c.n.orders",
        ["Pangolin:Connections:orders:Key"] = "literal:" + FernetKey.Generate().Export(),
    };

    private static IConfiguration Config(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPangolinConnections(Config(settings));
        return services.BuildServiceProvider();
    }
}
