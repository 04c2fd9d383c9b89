using System.Collections.Concurrent;

namespace Pangolin.Extensions.TestInfrastructure;

/// <summary>
/// Connection facts of the throwaway test servers started by <c>scripts/services/start.sh</c>
/// (through <c>bash scripts/test.sh</c>). Each value comes from its <c>PANGOLIN_TEST_*</c> environment
/// variable or, when that is not set (a test run from an IDE after <c>scripts/services/start.sh</c>),
/// from the repository's <c>.tmp/services.env</c>. A missing value throws
/// <see cref="InvalidOperationException"/>: an integration test without its server fails, it is never
/// skipped silently.
/// </summary>
public static class TestServers
{
    /// <summary><c>1</c> when the servers are provisioned (missing ones are failures).</summary>
    public const string ServersVariable = "PANGOLIN_TEST_SERVERS";

    /// <summary>Npgsql connection string of a PostgreSQL superuser.</summary>
    public const string PostgresVariable = "PANGOLIN_TEST_POSTGRES";

    /// <summary>MySqlConnector connection string of a MariaDB user with all privileges and grant option.</summary>
    public const string MariaDbVariable = "PANGOLIN_TEST_MARIADB";

    /// <summary>Base URL of moto_server (AWS emulator), e.g. <c>http://127.0.0.1:20690</c>.</summary>
    public const string MotoUrlVariable = "PANGOLIN_TEST_MOTO_URL";

    /// <summary>Access key id of the IAM user provisioned in moto (allowed every action).</summary>
    public const string AwsAccessKeyIdVariable = "PANGOLIN_TEST_AWS_ACCESS_KEY_ID";

    /// <summary>Secret access key of the IAM user provisioned in moto.</summary>
    public const string AwsSecretAccessKeyVariable = "PANGOLIN_TEST_AWS_SECRET_ACCESS_KEY";

    /// <summary>AWS region to sign for (<c>us-east-1</c>).</summary>
    public const string AwsRegionVariable = "PANGOLIN_TEST_AWS_REGION";

    /// <summary>MongoDB connection string of CongoDB, e.g. <c>mongodb://127.0.0.1:23362</c>.</summary>
    public const string MongoDbVariable = "PANGOLIN_TEST_MONGODB";

    /// <summary>Absolute path of a python3 that has <c>cryptography</c> and <c>requests</c>.</summary>
    public const string PythonVariable = "PANGOLIN_TEST_PYTHON";

    private const string ServicesEnvRelativePath = ".tmp/services.env";
    private static readonly Lazy<Dictionary<string, string>> FileValues = new(ReadServicesEnvFile);
    private static readonly ConcurrentDictionary<string, string> Overrides = new(StringComparer.Ordinal);

    /// <summary>True when <c>PANGOLIN_TEST_SERVERS=1</c>: the test script provisioned the servers.</summary>
    public static bool Provisioned => string.Equals(Find(ServersVariable), "1", StringComparison.Ordinal);

    /// <summary>Npgsql-style connection string (<c>Host=127.0.0.1;Port=…;Username=postgres;Password=…</c>) of a superuser that can create databases and roles.</summary>
    public static string PostgresAdminConnectionString => Require(PostgresVariable, "PostgreSQL");

    /// <summary>MySqlConnector-style connection string (<c>Server=127.0.0.1;Port=…;User ID=pangolin;Password=…</c>) of a user with all privileges and grant option, defined for both '127.0.0.1' and 'localhost'.</summary>
    public static string MariaDbAdminConnectionString => Require(MariaDbVariable, "MariaDB");

    /// <summary>
    /// moto_server base URL. moto verifies SigV4 signatures and IAM permissions on every request:
    /// sign with <see cref="AwsAccessKeyId"/>/<see cref="AwsSecretAccessKey"/> for <see cref="AwsRegion"/>;
    /// a wrong secret gets 403 <c>SignatureDoesNotMatch</c>. Its unauthenticated budget is spent by the start script.
    /// </summary>
    public static Uri MotoUrl => new(Require(MotoUrlVariable, "moto (AWS emulator)"), UriKind.Absolute);

    /// <summary>Access key id of the pre-provisioned moto IAM user (policy: Allow * on *).</summary>
    public static string AwsAccessKeyId => Require(AwsAccessKeyIdVariable, "moto (AWS emulator)");

    /// <summary>Secret access key of the pre-provisioned moto IAM user.</summary>
    public static string AwsSecretAccessKey => Require(AwsSecretAccessKeyVariable, "moto (AWS emulator)");

    /// <summary>The AWS region the moto credentials are meant for.</summary>
    public static string AwsRegion => Find(AwsRegionVariable) ?? "us-east-1";

    /// <summary>MongoDB connection string of CongoDB (MongoDB wire protocol; ping and simple unauthenticated CRUD only).</summary>
    public static string MongoDbUrl => Require(MongoDbVariable, "MongoDB (CongoDB)");

    /// <summary>
    /// A python3 with <c>cryptography</c> and <c>requests</c>; see <see cref="PythonRunner"/>. Outside a provisioned run
    /// (no <c>PANGOLIN_TEST_PYTHON</c>), the <c>python3</c> on PATH; a missing module then fails the script with Python's
    /// own error, never a skip.
    /// </summary>
    public static string Python => Find(PythonVariable) ?? (Provisioned ? Require(PythonVariable, "Python (with cryptography and requests)") : "python3");

    /// <summary>Overrides one variable for the rest of the process (for tests of this class); null removes the override.</summary>
    /// <param name="variable">One of the <c>*Variable</c> names.</param>
    /// <param name="value">The value, or null.</param>
    public static void Override(string variable, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        if (value is null)
        {
            Overrides.TryRemove(variable, out _);
        }
        else
        {
            Overrides[variable] = value;
        }
    }

    /// <summary>The value of a <c>PANGOLIN_TEST_*</c> variable, or null when it is not provisioned.</summary>
    /// <param name="variable">One of the <c>*Variable</c> names.</param>
    /// <returns>The value, or null.</returns>
    public static string? Find(string variable)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        if (Overrides.TryGetValue(variable, out var overridden))
        {
            return overridden;
        }

        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        return FileValues.Value.TryGetValue(variable, out var fromFile) && fromFile.Length > 0 ? fromFile : null;
    }

    private static string Require(string variable, string what) =>
        Find(variable) ?? throw new InvalidOperationException(
            $"{what} is not provisioned: run `bash scripts/test.sh` (it installs and starts the test servers) or set {variable}"
            + (Provisioned ? $" ({ServersVariable}=1 says the servers were provisioned, so this is a failure of the test setup)." : "."));

    private static Dictionary<string, string> ReadServicesEnvFile()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = FindServicesEnvFile();
        if (path is null)
        {
            return values;
        }

        foreach (var rawLine in File.ReadAllLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var value = line[(eq + 1)..];
            if (value.Length >= 2 && ((value[0] == '\'' && value[^1] == '\'') || (value[0] == '"' && value[^1] == '"')))
            {
                value = value[1..^1];
            }

            values[line[..eq]] = value;
        }

        return values;
    }

    private static string? FindServicesEnvFile()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ServicesEnvRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                if (File.Exists(Path.Combine(dir.FullName, "Pangolin.Extensions.sln")))
                {
                    break; // the repository root: do not look further up
                }
            }
        }

        return null;
    }
}
