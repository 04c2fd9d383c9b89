using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.TestInfrastructure;
using Pangolin.Extensions.Testing;

namespace Pangolin.Samples.Tests;

[Trait(TestCategories.Category, TestCategories.Integration)]
public class WebApiTests
{
    [Fact]
    public async Task Answers_ready_with_healthy_checks_against_the_provisioned_servers()
    {
        await using var emulator = await PangolinEmulator.StartAsync();
        var pg = await ProvisionedDatabases.CreatePostgresAsync("webapi");
        var maria = await ProvisionedDatabases.CreateMariaDbAsync("webapi");
        var ordersKey = FernetKey.Generate();
        var shopKey = FernetKey.Generate();
        emulator.PutConnection(AssetReference.Parse("data_sources.databases.orders"), new ConnectionAssetDefinition(
            ConnectionType.PostgreSql, $"postgresql://{pg.Host}:{pg.Port}/{pg.Database}",
            new ConnectionCredentials([new("username", pg.User), new("password", pg.Password)])), ordersKey);
        emulator.PutConnection(AssetReference.Parse("data_sources.databases.shop"), new ConnectionAssetDefinition(
            ConnectionType.MySql, $"mysql://{maria.Host}:{maria.Port}/{maria.Database}",
            new ConnectionCredentials([new("username", maria.User), new("password", maria.Password)])), shopKey);

        // The configuration the sample's appsettings.json would give, with this run's servers and keys.
        await using var app = WebApi.WebApiApp.Build([$"--contentRoot={Path.GetTempPath()}"], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pangolin:Uri"] = emulator.BaseAddress.ToString(),
            ["Pangolin:HealthCheckTags:0"] = "ready",
            ["Pangolin:Connections:orders:Asset"] = "data_sources.databases.orders",
            ["Pangolin:Connections:orders:Key"] = "literal:" + ordersKey.Export(),
            ["Pangolin:Connections:orders:HealthCheckTags:0"] = "ready",
            ["Pangolin:Connections:shop:Asset"] = "data_sources.databases.shop",
            ["Pangolin:Connections:shop:Key"] = "literal:" + shopKey.Export(),
            ["Pangolin:Connections:shop:HealthCheckTags:0"] = "ready",
        }));
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var ready = await http.GetAsync("/health/ready");
        var body = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(["orders", "pangolin", "shop"], checks.Keys.Order(StringComparer.Ordinal).Where(k => !k.StartsWith("pangolin-keys", StringComparison.Ordinal)));
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.GetProperty("status").GetString()));
        Assert.Contains("ready", checks["orders"].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain(pg.Password, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ordersKey.Export(), body, StringComparison.Ordinal);

        var live = await http.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var orders = await http.GetStringAsync("/orders/now");
        Assert.Contains(pg.Database, orders, StringComparison.Ordinal);
        var shop = await http.GetStringAsync("/shop/version");
        Assert.Contains(maria.Database, shop, StringComparison.Ordinal);
        Assert.Contains("MariaDB", shop, StringComparison.Ordinal);

        await app.StopAsync();
    }
}
