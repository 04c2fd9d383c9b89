using System.Runtime.CompilerServices;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Moto;

/// <summary>
/// Points the AWS SDK's shared credentials and config files at empty files of this test process, before any test
/// runs: tests never read the developer's ~/.aws, and the profile test can write its profile there. (AWSSDK.Core
/// settles on these paths at first use, and falls back to ~/.aws for good when the files do not exist yet.)
/// </summary>
internal static class AwsTestEnvironment
{
    public static string CredentialsFile { get; private set; } = string.Empty;

    public static string ConfigFile { get; private set; } = string.Empty;

#pragma warning disable CA2255 // A test assembly sets up its process environment once, before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pangolin-aws-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        CredentialsFile = Path.Combine(directory, "credentials");
        ConfigFile = Path.Combine(directory, "config");
        File.WriteAllText(CredentialsFile, string.Empty);
        File.WriteAllText(ConfigFile, string.Empty);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", ConfigFile);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is in the temp directory.
            }
        };
    }
}
