using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.BigQuery.Tests.Support;

namespace Pangolin.Extensions.BigQuery.Tests;

/// <summary>Registrations: the connection, the host's client through the factory seam, and the health check.</summary>
public sealed class DependencyInjectionTests : BigQueryTestBase
{
    [Fact]
    public async Task AddBigQueryClient_builds_the_hosts_client_once_from_project_and_credential()
    {
        var built = 0;
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), b =>
            b.AddBigQueryClient("analytics", (sp, c) => { built++; return FakeBigQueryClient.Create(c.ProjectId, c.Credential); }));

        var client = services.GetRequiredKeyedService<FakeBigQueryClient>("analytics");

        Assert.Same(client, services.GetRequiredKeyedService<FakeBigQueryClient>("analytics"));
        Assert.Equal(1, built);
        Assert.Equal("analytics-prod", client.ProjectId);
        Assert.Same(services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics").Credential, client.Credential);
        var token = await client.AuthorizeAsync();
        Assert.Equal(Assert.Single(Tokens.IssuedTokens), token);
        Assert.Null(services.GetService<FakeBigQueryClient>());
    }

    [Fact]
    public async Task The_container_disposes_the_client_and_the_default_is_registered_only_when_asked()
    {
        FakeBigQueryClient client;
        await using (var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), b =>
            b.AddBigQueryClient("analytics", (_, c) => FakeBigQueryClient.Create(c.ProjectId, c.Credential), registerAsDefault: true)))
        {
            client = services.GetRequiredService<FakeBigQueryClient>();
            Assert.Same(client, services.GetRequiredKeyedService<FakeBigQueryClient>("analytics"));
        }

        Assert.True(client.Disposed);
    }

    [Fact]
    public void A_connection_registered_with_settings_is_reused_by_AddBigQueryClient_under_the_same_key()
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), b => b
            .AddBigQueryConnection("analytics", s => s.Scopes.Add("https://www.googleapis.com/auth/bigquery.readonly"), serviceKey: "bq")
            .AddBigQueryClient("analytics", (_, c) => FakeBigQueryClient.Create(c.ProjectId, c.Credential), serviceKey: "bq"));

        var client = services.GetRequiredKeyedService<FakeBigQueryClient>("bq");

        Assert.Equal(["https://www.googleapis.com/auth/bigquery.readonly"], services.GetRequiredKeyedService<PangolinBigQueryConnection>("bq").Scopes);
        Assert.Same(services.GetRequiredKeyedService<PangolinBigQueryConnection>("bq").Credential, client.Credential);
        Assert.Null(services.GetKeyedService<PangolinBigQueryConnection>("analytics"));
        Assert.Single(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "analytics");
    }

    [Fact]
    public void The_connection_is_a_keyed_singleton_with_an_optional_default()
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), b => b.AddBigQueryConnection("analytics", registerAsDefault: true));

        var keyed = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

        Assert.Same(keyed, services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));
        Assert.Same(keyed, services.GetRequiredService<PangolinBigQueryConnection>());
    }

    [Fact]
    public void An_undeclared_connection_fails_at_registration_naming_the_config_path()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("analytics", BigQueryAsset("p", Account.Json), b =>
            b.AddBigQueryClient("missing", (_, c) => FakeBigQueryClient.Create(c.ProjectId, c.Credential))));

        Assert.Contains("Pangolin:Connections:missing", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Location", "EU", "is not a BigQuery setting")]
    [InlineData("AllowApplicationDefaultCredentials", "maybe", "must be true or false")]
    [InlineData("AllowedCredentialTypes", "service_account,magic", "'magic'")]
    public void Invalid_settings_fail_at_registration_naming_the_config_path(string key, string value, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Build("analytics", BigQueryAsset("p", Account.Json), extra: new()
        {
            [$"Pangolin:Connections:analytics:Settings:{key}"] = value,
        }));

        Assert.Contains($"Pangolin:Connections:analytics:Settings:{key}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_is_healthy_when_a_token_is_obtained_and_shows_no_token()
    {
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), extra: new()
        {
            ["Pangolin:Connections:analytics:HealthCheckTags:0"] = "ready",
        });

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "analytics");

        var entry = report.Entries["analytics"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(["ready"], entry.Tags);
        Assert.Equal("analytics-prod", entry.Data["project"]);
        var token = Assert.Single(Tokens.IssuedTokens);
        Assert.DoesNotContain(token, entry.Description ?? string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(entry.Data.Values, v => v.ToString()!.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_token_endpoint_refuses_the_key()
    {
        Tokens.Revoke(Account.ClientEmail);
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "analytics");

        var entry = report.Entries["analytics"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("invalid_grant", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Account.PrivateKeyFragment, entry.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_an_unusable_asset_instead_of_failing_the_report()
    {
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", null));

        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "analytics");

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["analytics"].Status);
        Assert.IsType<PangolinConnectionException>(report.Entries["analytics"].Exception);
    }

    [Fact]
    public void The_health_check_can_be_disabled()
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), extra: new()
        {
            ["Pangolin:Connections:analytics:DisableHealthCheck"] = "true",
        });

        Assert.DoesNotContain(services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations, r => r.Name == "analytics");
    }

    /// <summary>Stands in for Google.Cloud.BigQuery.V2's <c>BigQueryClient</c>: built from a project and a credential, disposable.</summary>
    public sealed class FakeBigQueryClient : IDisposable
    {
        private FakeBigQueryClient(string projectId, GoogleCredential credential) => (ProjectId, Credential) = (projectId, credential);

        public string ProjectId { get; }

        public GoogleCredential Credential { get; }

        public bool Disposed { get; private set; }

        public static FakeBigQueryClient Create(string projectId, GoogleCredential credential) => new(projectId, credential);

        /// <summary>What the real client does before each request: ask the credential for a token.</summary>
        public Task<string> AuthorizeAsync() => ((ITokenAccess)Credential).GetAccessTokenForRequestAsync();

        public void Dispose() => Disposed = true;
    }
}
