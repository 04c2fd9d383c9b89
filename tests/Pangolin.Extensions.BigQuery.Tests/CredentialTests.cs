using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.BigQuery.Tests.Support;

namespace Pangolin.Extensions.BigQuery.Tests;

/// <summary>From the asset to a working credential: the real Google.Apis.Auth JWT-bearer flow against a local token endpoint.</summary>
public sealed class CredentialTests : BigQueryTestBase
{
    [Fact]
    public async Task A_service_account_from_the_asset_obtains_an_access_token_through_the_jwt_bearer_flow()
    {
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json));
        var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

        var token = await ((ITokenAccess)connection.Credential).GetAccessTokenForRequestAsync();

        Assert.Equal(Assert.Single(Tokens.IssuedTokens), token);
        Assert.Empty(Tokens.Rejections);
        var assertion = Assert.Single(Tokens.Assertions);
        Assert.Equal(Account.ClientEmail, assertion.Issuer);
        Assert.Equal(FakeGoogleTokenServer.GoogleTokenAudience, assertion.Audience);   // posted to token_uri, audience fixed by the library
        Assert.Equal(PangolinBigQuerySettings.BigQueryScope, assertion.Scope);
        Assert.Equal(TimeSpan.FromHours(1), assertion.Expires - assertion.IssuedAt);
        Assert.Equal("analytics-prod", connection.ProjectId);
        Assert.Equal("service_account", connection.CredentialType);
        Assert.Equal(Account.ClientEmail, connection.ServiceAccountEmail);
        Assert.Equal([PangolinBigQuerySettings.BigQueryScope], connection.Scopes);

        // The credential caches the token until it nears expiry.
        Assert.Equal(token, await ((ITokenAccess)connection.Credential).GetAccessTokenForRequestAsync());
        Assert.Single(Tokens.Assertions);
    }

    [Fact]
    public async Task Scopes_from_configuration_go_into_the_assertion()
    {
        await using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json), extra: new()
        {
            ["Pangolin:Connections:analytics:Settings:Scopes"] = "https://www.googleapis.com/auth/bigquery.readonly, https://www.googleapis.com/auth/devstorage.read_only",
        });
        var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

        await ((ITokenAccess)connection.Credential).GetAccessTokenForRequestAsync();

        Assert.Equal(
            "https://www.googleapis.com/auth/bigquery.readonly https://www.googleapis.com/auth/devstorage.read_only",
            Assert.Single(Tokens.Assertions).Scope);
    }

    [Fact]
    public async Task Scopes_set_in_code_win_over_configuration()
    {
        await using var services = Build(
            "analytics",
            BigQueryAsset("analytics-prod", Account.Json),
            b => b.AddBigQueryConnection("analytics", s => { s.Scopes.Clear(); s.Scopes.Add("https://www.googleapis.com/auth/cloud-platform"); }),
            new() { ["Pangolin:Connections:analytics:Settings:Scopes"] = "https://www.googleapis.com/auth/bigquery.readonly" });

        await ((ITokenAccess)services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics").Credential).GetAccessTokenForRequestAsync();

        Assert.Equal("https://www.googleapis.com/auth/cloud-platform", Assert.Single(Tokens.Assertions).Scope);
    }

    [Theory]
    [InlineData("bigquery://from-url-project", "from-url-project")]
    [InlineData("bigquery://from-url-project/ignored/path?location=EU", "from-url-project")]
    [InlineData("bigquery://example.com%3Adomain-project", "example.com:domain-project")]
    public void Without_a_project_id_credential_the_project_comes_from_the_connection_string(string connectionString, string expected)
    {
        using var services = Build("analytics", BigQueryAsset(null, Account.Json, connectionString));

        Assert.Equal(expected, services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics").ProjectId);
    }

    [Fact]
    public void The_project_id_credential_wins_over_the_connection_string_and_the_difference_is_logged()
    {
        using var services = Build("analytics", BigQueryAsset("from-credential", Account.Json, "bigquery://from-url"));

        Assert.Equal("from-credential", services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics").ProjectId);
        Assert.Contains(LogRecords(services), r => r.Id.Id == 8004);
    }

    [Fact]
    public void No_project_anywhere_is_a_clear_error()
    {
        using var services = Build("analytics", BigQueryAsset(null, Account.Json, "for reference only"));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("no 'project_id' credential", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_json_without_application_default_credentials_is_a_clear_error_naming_the_setting()
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", null));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Equal("analytics", ex.ConnectionName);
        Assert.Contains("no 'credentials_json' credential", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Pangolin:Connections:analytics:Settings:AllowApplicationDefaultCredentials", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_a_clear_error_that_echoes_none_of_it()
    {
        var broken = Account.Json[..^20];
        using var services = Build("analytics", BigQueryAsset("analytics-prod", broken));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("'credentials_json' credential is not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Account.PrivateKeyFragment, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains(Account.PrivateKeyFragment, StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_account_with_a_damaged_private_key_is_a_clear_error_that_echoes_none_of_it()
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, string>>(Account.Json)!;
        fields["private_key"] = Account.PrivateKeyPem.Replace(Account.PrivateKeyFragment, Account.PrivateKeyFragment[..10] + "!!not-base64!!", StringComparison.Ordinal);
        var fragment = Account.PrivateKeyPem.Split('\n')[5];
        using var services = Build("analytics", BigQueryAsset("analytics-prod", JsonSerializer.Serialize(fields)));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Equal(ConnectionFailureReason.InvalidAsset, ex.Reason);
        Assert.Contains("not a usable 'service_account' credential", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fragment, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(LogTexts(services), t => t.Contains(fragment, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"private_key\": \"x\"}", "has no \"type\"")]
    [InlineData("{\"type\": \"gdch_service_account\"}", "does not load")]
    public void Json_that_is_no_credential_is_refused(string json, string expected)
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", json));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authorized_user_credential_is_accepted_by_default()
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "authorized_user",
            ["client_id"] = "123.apps.googleusercontent.com",
            ["client_secret"] = "client-secret-value",
            ["refresh_token"] = "1//refresh-secret-value",
        });
        using var services = Build("analytics", BigQueryAsset("analytics-prod", json));

        var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

        Assert.Equal("authorized_user", connection.CredentialType);
        Assert.IsType<UserCredential>(connection.Credential.UnderlyingCredential);
        Assert.Null(connection.ServiceAccountEmail);
        Assert.DoesNotContain("secret", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_external_account_is_refused_unless_its_type_is_allowed()
    {
        var json = ExternalAccountJson("/nonexistent/subject-token");
        using (var refused = Build("analytics", BigQueryAsset("analytics-prod", json)))
        {
            var ex = Assert.Throws<PangolinConnectionException>(() => refused.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));
            Assert.Contains("of type 'external_account'", ex.Message, StringComparison.Ordinal);
            Assert.Contains("AllowedCredentialTypes", ex.Message, StringComparison.Ordinal);
        }

        using var allowed = Build("analytics", BigQueryAsset("analytics-prod", json), extra: new()
        {
            ["Pangolin:Connections:analytics:Settings:AllowedCredentialTypes"] = "service_account,external_account",
        });
        Assert.Equal("external_account", allowed.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics").CredentialType);
    }

    [Fact]
    public async Task An_allowed_external_account_exchanges_its_subject_token_at_the_sts_endpoint()
    {
        var subjectTokenFile = Path.Combine(Path.GetTempPath(), $"pangolin-bq-subject-{Guid.NewGuid():N}.jwt");
        await File.WriteAllTextAsync(subjectTokenFile, "subject.token.from-the-workload");
        try
        {
            await using var services = Build("analytics", BigQueryAsset("analytics-prod", ExternalAccountJson(subjectTokenFile)), b =>
                b.AddBigQueryConnection("analytics", s => s.AllowedCredentialTypes.Add("external_account")));
            var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

            var token = await ((ITokenAccess)connection.Credential).GetAccessTokenForRequestAsync();

            Assert.Equal(Assert.Single(Tokens.IssuedTokens), token);
            var exchange = Assert.Single(Tokens.Exchanges);
            Assert.Equal("subject.token.from-the-workload", exchange["subject_token"]);
            Assert.Contains(PangolinBigQuerySettings.BigQueryScope, exchange["scope"], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(subjectTokenFile);
        }
    }

    [Fact]
    public void The_asset_is_stored_in_pypangolins_layout_and_only_the_project_and_identity_show()
    {
        using var services = Build("analytics", BigQueryAsset("analytics-prod", Account.Json));

        Assert.True(Emulator.Store.TryGetAsset("data_sources", "warehouses", "analytics", out var stored));
        Assert.Equal("bigquery", stored.Properties["connection_type"]);
        Assert.Equal("bigquery://analytics-prod", stored.Properties["connection_string"]);
        Assert.StartsWith("gAAAAA", stored.Properties["encrypted_project_id"], StringComparison.Ordinal);
        Assert.StartsWith("gAAAAA", stored.Properties["encrypted_credentials_json"], StringComparison.Ordinal);
        Assert.DoesNotContain(stored.Properties.Values, v => v.Contains(Account.PrivateKeyFragment, StringComparison.Ordinal));

        var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");
        Assert.Equal(
            $"PangolinBigQueryConnection {{ Connection = analytics, ProjectId = analytics-prod, Credential = service_account ({Account.ClientEmail}) }}",
            connection.ToString());
        Assert.DoesNotContain(LogTexts(services), t => t.Contains(Account.PrivateKeyFragment, StringComparison.Ordinal));
        Assert.Contains(LogRecords(services), r => r.Id.Id == 8001);
    }

    [Fact]
    public void Other_credentials_are_ignored_by_name()
    {
        var asset = new ConnectionAssetDefinition(ConnectionType.BigQuery, "bigquery://analytics-prod", new ConnectionCredentials(
        [
            new("project_id", "analytics-prod"), new("credentials_json", Account.Json), new("location", "EU"),
        ]));
        using var services = Build("analytics", asset);

        services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

        var ignored = Assert.Single(LogRecords(services), r => r.Id.Id == 8002);
        Assert.Contains("location", ignored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_asset_of_another_type_is_a_typed_error()
    {
        using var services = Build("analytics", new ConnectionAssetDefinition(ConnectionType.Snowflake, "snowflake://x.snowflakecomputing.com", ConnectionCredentials.Empty));

        var ex = Assert.Throws<PangolinConnectionException>(() => services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics"));

        Assert.Equal(ConnectionFailureReason.ConnectionTypeMismatch, ex.Reason);
    }

    private string ExternalAccountJson(string subjectTokenFile) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["type"] = "external_account",
        ["audience"] = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/provider",
        ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
        ["token_url"] = Tokens.StsUri.ToString(),
        ["credential_source"] = new Dictionary<string, string> { ["file"] = subjectTokenFile },
    });
}
