using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Conformance;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.Snowflake.Tests.Support;

namespace Pangolin.Extensions.Snowflake.Tests;

/// <summary>
/// The shared relational checklist, with Snowflake assets in pypangolin's layout. The driver is not available here:
/// a recording <see cref="DbProviderFactory"/> is registered under Snowflake.Data's invariant name, as a host would
/// register <c>SnowflakeDbFactory.Instance</c>.
/// </summary>
public sealed class SnowflakeConformanceTests : RelationalConformanceTests<PangolinSnowflakeDataSource, PangolinSnowflakeConnection>
{
    public SnowflakeConformanceTests() =>
        DbProviderFactories.RegisterFactory(PangolinSnowflakeSettings.DefaultProviderInvariantName, RecordingDbProviderFactory.Instance);

    protected override (string Key, string ConfigValue, string CodeValue) PrecedenceSetting => ("query_tag", "from-config", "from-code");

    protected override ConnectionAssetDefinition CreateAsset(string database, string password) =>
        TestAssets.Snowflake(database, password);

    protected override ConnectionAssetDefinition CreateAssetOfAnotherType() =>
        new(ConnectionType.PostgreSql, "postgresql://db.example.com:5432/app", new ConnectionCredentials([new("username", "app"), new("password", Password)]));

    protected override void AddConnection(IPangolinConnectionsBuilder builder, string connectionName, object? serviceKey = null, bool registerAsDefault = false) =>
        builder.AddSnowflakeDataSource(connectionName, serviceKey: serviceKey, registerAsDefault: registerAsDefault);

    protected override void AddConnectionWithCodeSetting(IPangolinConnectionsBuilder builder, string connectionName, string value) =>
        builder.AddSnowflakeDataSource(connectionName, settings => settings.ConnectionStringSettings["query_tag"] = value);

    protected override string? ReadSetting(PangolinSnowflakeDataSource dataSource, string key) =>
        new DbConnectionStringBuilder { ConnectionString = dataSource.ConnectionString }.TryGetValue(key, out var value) ? value?.ToString() : null;

    protected override string? ReadDatabase(PangolinSnowflakeDataSource dataSource) => dataSource.Database;
}
