using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.BigQuery.Tests.Support;

namespace Pangolin.Extensions.BigQuery.Tests;

/// <summary>
/// Application Default Credentials, only when the connection allows them. Google.Apis.Auth caches ADC for the process,
/// so this is the one test that loads them: from GOOGLE_APPLICATION_CREDENTIALS, pointing at a service-account file
/// whose token_uri is the local endpoint. GCE_METADATA_HOST points at a closed loopback port, so that no probe of the
/// Compute Engine metadata server can leave the machine.
/// </summary>
public sealed class ApplicationDefaultCredentialsTests : BigQueryTestBase
{
    [Fact]
    public async Task An_asset_without_json_uses_application_default_credentials_when_allowed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pangolin-bq-adc-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Account.Json);
        var previous = (Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS"), Environment.GetEnvironmentVariable("GCE_METADATA_HOST"));
        Environment.SetEnvironmentVariable("GCE_METADATA_HOST", "127.0.0.1:9");
        Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", file);
        try
        {
            await using var services = Build("analytics", BigQueryAsset("analytics-prod", null), extra: new()
            {
                ["Pangolin:Connections:analytics:Settings:AllowApplicationDefaultCredentials"] = "true",
            });
            var connection = services.GetRequiredKeyedService<PangolinBigQueryConnection>("analytics");

            var token = await ((ITokenAccess)connection.Credential).GetAccessTokenForRequestAsync();

            Assert.Equal("application_default", connection.CredentialType);
            Assert.Equal(Assert.Single(Tokens.IssuedTokens), token);
            Assert.Equal(PangolinBigQuerySettings.BigQueryScope, Assert.Single(Tokens.Assertions).Scope);
            Assert.Contains(LogRecords(services), r => r.Id.Id == 8003);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", previous.Item1);
            Environment.SetEnvironmentVariable("GCE_METADATA_HOST", previous.Item2);
            File.Delete(file);
        }
    }
}
