using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.Snowflake.Tests.Support;

/// <summary>Snowflake assets in pypangolin's layout (<c>SnowflakeAsset.register</c>).</summary>
public static class TestAssets
{
    public const string ConnectionString = "snowflake://xy12345.us-east-1.snowflakecomputing.com";

    /// <summary>pypangolin's credentials: account, username, password, warehouse, database, schema, role; plus extras.</summary>
    public static ConnectionAssetDefinition Snowflake(
        string database = "ANALYTICS", string password = "pw", string connectionString = ConnectionString, params (string Name, string Value)[] extra)
    {
        var credentials = new Dictionary<string, string>
        {
            ["account"] = "xy12345.us-east-1",
            ["username"] = "SVC_APP",
            ["password"] = password,
            ["warehouse"] = "COMPUTE_WH",
            ["database"] = database,
            ["schema"] = "PUBLIC",
            ["role"] = "REPORTER",
        };
        foreach (var (name, value) in extra)
        {
            credentials[name] = value;
        }

        return new ConnectionAssetDefinition(ConnectionType.Snowflake, connectionString, new ConnectionCredentials(credentials));
    }

    /// <summary>An asset with exactly the given credentials.</summary>
    public static ConnectionAssetDefinition WithCredentials(string connectionString, params (string Name, string Value)[] credentials) =>
        new(ConnectionType.Snowflake, connectionString, new ConnectionCredentials(credentials.Select(c => new KeyValuePair<string, string>(c.Name, c.Value))));
}
