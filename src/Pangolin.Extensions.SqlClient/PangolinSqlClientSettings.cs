using Microsoft.Data.SqlClient;

namespace Pangolin.Extensions.SqlClient;

/// <summary>
/// Settings of a SqlClient connection registered with <c>AddSqlServerDataSource</c>. They start from the connection's
/// configured <c>Pangolin:Connections:{name}:Settings</c>; the code delegate runs afterwards and wins.
/// </summary>
public sealed class PangolinSqlClientSettings
{
    /// <summary>
    /// SqlClient connection-string keywords applied after the asset and its credentials, such as <c>Connect Timeout</c>,
    /// <c>Application Name</c>, <c>Max Pool Size</c> or <c>TrustServerCertificate</c> (which the asset itself may not
    /// set). Keys are SqlClient's own keywords and synonyms, compared case-insensitively. <c>Password</c> is refused:
    /// passwords come only from the asset's encrypted credentials.
    /// </summary>
    public IDictionary<string, string> ConnectionStringSettings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Runs on every <see cref="SqlConnection"/> the data source creates, before it is opened: for example to set
    /// <see cref="SqlConnection.AccessTokenCallback"/> for Microsoft Entra ID authentication.
    /// </summary>
    public Action<SqlConnection>? ConfigureConnection { get; set; }

    /// <summary>Names the configured keywords, never their values.</summary>
    /// <returns>A description without values.</returns>
    public override string ToString() =>
        $"PangolinSqlClientSettings {{ ConnectionStringSettings = [{string.Join(", ", ConnectionStringSettings.Keys.Order(StringComparer.OrdinalIgnoreCase))}], "
        + $"ConfigureConnection = {(ConfigureConnection is null ? "none" : "set")} }}";
}
