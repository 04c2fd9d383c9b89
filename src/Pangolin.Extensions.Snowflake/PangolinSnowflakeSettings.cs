using System.Data.Common;

namespace Pangolin.Extensions.Snowflake;

/// <summary>
/// Settings of a Snowflake connection registered with <c>AddSnowflakeDataSource</c>. They start from the connection's
/// configured <c>Pangolin:Connections:{name}:Settings</c>; the code delegate runs afterwards and wins.
/// </summary>
public sealed class PangolinSnowflakeSettings
{
    /// <summary>The invariant name under which the Snowflake.Data driver registers its factory: <c>Snowflake.Data</c>.</summary>
    public const string DefaultProviderInvariantName = "Snowflake.Data";

    /// <summary>
    /// Snowflake.Data connection-string keywords applied after the asset and its credentials, such as
    /// <c>connection_timeout</c>, <c>query_tag</c>, <c>maxpoolsize</c>, <c>warehouse</c> or <c>role</c>. Keys compare
    /// case-insensitively. Refused: the keywords that say where and as whom to connect (<c>account</c>, <c>host</c>,
    /// <c>port</c>, <c>scheme</c>, <c>user</c>, <c>db</c>) and every secret keyword (<c>password</c>, <c>private_key</c>,
    /// <c>private_key_pwd</c>, <c>token</c>, <c>passcode</c>, <c>proxypassword</c>, <c>oauthclientid</c>,
    /// <c>oauthclientsecret</c>): those come only from the asset.
    /// </summary>
    public IDictionary<string, string> ConnectionStringSettings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The driver's factory, such as <c>Snowflake.Data.Client.SnowflakeDbFactory.Instance</c>. When
    /// <see langword="null"/> (default), the factory registered with <see cref="DbProviderFactories"/> under
    /// <see cref="ProviderInvariantName"/> is used.
    /// </summary>
    public DbProviderFactory? ProviderFactory { get; set; }

    /// <summary>The <see cref="DbProviderFactories"/> invariant name to look up. Default <c>Snowflake.Data</c>.</summary>
    public string ProviderInvariantName { get; set; } = DefaultProviderInvariantName;

    /// <summary>
    /// Runs on every driver connection before it is opened, with the connection string already set: for example to set a
    /// driver-specific property on <c>SnowflakeDbConnection</c>.
    /// </summary>
    public Action<DbConnection>? ConfigureConnection { get; set; }

    /// <summary>Names the configured keywords and the factory, never a value.</summary>
    /// <returns>A description without values.</returns>
    public override string ToString() =>
        $"PangolinSnowflakeSettings {{ ConnectionStringSettings = [{string.Join(", ", ConnectionStringSettings.Keys.Order(StringComparer.OrdinalIgnoreCase))}], "
        + $"ProviderFactory = {ProviderFactory?.GetType().FullName ?? "(from DbProviderFactories)"}, ProviderInvariantName = {ProviderInvariantName}, "
        + $"ConfigureConnection = {(ConfigureConnection is null ? "none" : "set")} }}";
}
