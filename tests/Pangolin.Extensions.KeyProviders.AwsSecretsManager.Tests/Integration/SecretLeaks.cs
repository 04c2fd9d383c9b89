using Microsoft.Extensions.Logging.Testing;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Integration;

/// <summary>Asserts that no secret value and no AWS secret key shows up in exceptions or logs.</summary>
internal static class SecretLeaks
{
    public static void AssertAbsent(string text, params string[] secrets)
    {
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), "A secret value or credential leaked into: " + text.Replace(secret, "<LEAKED>", StringComparison.Ordinal));
        }
    }

    public static void AssertAbsent(Exception exception, params string[] secrets) => AssertAbsent(exception.ToString(), secrets);

    public static void AssertAbsent(FakeLogCollector logs, params string[] secrets)
    {
        foreach (var record in logs.GetSnapshot())
        {
            AssertAbsent(record.Message, secrets);
            AssertAbsent(record.Exception?.ToString() ?? string.Empty, secrets);
            AssertAbsent(string.Join(";", record.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []), secrets);
        }
    }
}
