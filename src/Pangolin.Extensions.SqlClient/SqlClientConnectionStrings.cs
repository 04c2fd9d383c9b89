using System.Globalization;
using Microsoft.Data.SqlClient;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.SqlClient;

/// <summary>
/// Turns a resolved <c>synapse</c> or <c>sqlserver</c> asset into SqlClient connection parts, with
/// <see cref="SqlConnectionStringBuilder"/> only: values are quoted by the builder, so no credential can add an attribute
/// (the ODBC injection of pypangolin's Synapse reader, contract §5.5).
/// </summary>
/// <remarks>
/// Order: the asset's connection string (a <c>sqlserver://</c>, <c>mssql://</c> or <c>synapse://</c> URL, or
/// <c>key=value</c> pairs), minus keywords that would weaken TLS; then the credentials (Synapse: <c>server</c> and
/// <c>database</c> are its normal layout; SQL Server: they are overrides, refused unless allowed); then the settings;
/// finally <c>Encrypt=Mandatory</c> unless something set <c>Encrypt</c>. User name and password are taken out of the
/// string and returned separately.
/// </remarks>
internal static class SqlClientConnectionStrings
{
    /// <summary>SQL Server's default TCP port.</summary>
    public const int DefaultPort = 1433;

    private static readonly string[] SynapseConsumed = ["username", "password", "server", "database", "driver"];
    private static readonly string[] SynapseLocation = ["host", "port"];
    private static readonly string[] SqlServerConsumed = ["username", "password", "driver"];
    private static readonly string[] SqlServerLocation = ["host", "port", "server", "database"];
    private static readonly string[] UrlSchemes = ["sqlserver", "mssql", "synapse"];
    private static readonly string[] Protocols = ["tcp", "np", "lpc", "admin"];

    /// <summary>Builds the connection parts.</summary>
    /// <param name="resolved">The resolved asset.</param>
    /// <param name="options">The connection's options (credential rules), if known.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="settingsPath">The configuration path of the connection's settings, for messages.</param>
    /// <returns>The parts.</returns>
    /// <exception cref="PangolinConnectionException">The asset is of another type, or unusable.</exception>
    /// <exception cref="InvalidOperationException">A setting is not a SqlClient keyword, or sets the password.</exception>
    public static SqlClientConnectionParts Build(ResolvedConnection resolved, PangolinConnectionOptions? options, PangolinSqlClientSettings settings, string settingsPath)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(settings);
        resolved.EnsureType(ConnectionType.Synapse, ConnectionType.SqlServer);
        var synapse = resolved.ConnectionType == ConnectionType.Synapse;
        var credentials = DriverCredentials.Sort(
            resolved, options, synapse ? SynapseConsumed : SqlServerConsumed, synapse ? SynapseLocation : SqlServerLocation);
        var consumed = credentials.Consumed;

        // 1. The asset's connection string. pypangolin ignores it for Synapse; here it supplies what the credentials do not.
        var builder = new SqlConnectionStringBuilder();
        string? urlHost = null;
        int? urlPort = null;
        var ignoredString = false;
        var text = resolved.ConnectionString.Trim();
        if (ConnectionUri.IsUrl(text))
        {
            (urlHost, urlPort) = ApplyUrl(resolved, text, builder);
        }
        else if (text.Contains('=', StringComparison.Ordinal))
        {
            ApplyKeyValuePairs(resolved, text, builder);
        }
        else if (synapse && consumed.ContainsKey("server"))
        {
            ignoredString = true;
        }
        else
        {
            throw Invalid(resolved, "the connection string is neither a sqlserver://, mssql:// or synapse:// URL nor 'key=value' pairs.");
        }

        // 2. The asset is plain text anyone with catalog access can write: it may not weaken TLS.
        var dropped = new List<string>();
        if (builder.ShouldSerialize("Trust Server Certificate"))
        {
            builder.Remove("Trust Server Certificate");
            dropped.Add("TrustServerCertificate");
        }

        if (builder.ShouldSerialize("Encrypt") && builder.Encrypt == SqlConnectionEncryptOption.Optional)
        {
            builder.Remove("Encrypt");
            dropped.Add("Encrypt");
        }

        // 3. Credentials.
        if (synapse && consumed.TryGetValue("server", out var server))
        {
            builder.DataSource = NormalizeServer(server);
        }

        if (synapse && consumed.TryGetValue("database", out var database))
        {
            builder.InitialCatalog = database;
        }

        ApplyLocationOverrides(resolved, credentials.LocationOverrides, builder, urlHost, urlPort);
        foreach (var (name, value) in credentials.PassThrough)
        {
            SetCredentialKeyword(resolved, builder, name, value);
        }

        var user = consumed.GetValueOrDefault("username") ?? NullIfEmpty(builder.UserID);
        var password = consumed.GetValueOrDefault("password") ?? NullIfEmpty(builder.Password);
        var passwordFromString = !consumed.ContainsKey("password") && password is not null;

        // 4. The login leaves the string: it travels as a SqlCredential.
        builder.Remove("Password");
        builder.Remove("User ID");

        // 5. Settings: the operator's word, applied last (a user name may be set there, a password never).
        foreach (var (key, value) in settings.ConnectionStringSettings)
        {
            ApplySetting(builder, key, value, settingsPath);
        }

        if (NullIfEmpty(builder.UserID) is { } settingUser)
        {
            user = settingUser;
            builder.Remove("User ID");
        }

        if (password is not null)
        {
            if (user is null)
            {
                throw Invalid(resolved, "the asset has a password but no user name; add an encrypted 'username' credential.");
            }
        }
        else if (user is not null)
        {
            // No password (Entra ID managed identity, for example): the user name may stay in the string.
            builder.UserID = user;
        }

        if (!builder.ShouldSerialize("Encrypt"))
        {
            builder.Encrypt = SqlConnectionEncryptOption.Mandatory;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw Invalid(resolved, synapse
                ? "no server: add an encrypted 'server' credential (as pypangolin expects) or use a synapse://workspace.sql.azuresynapse.net connection string."
                : "no server: the connection string names no host.");
        }

        return new SqlClientConnectionParts
        {
            ConnectionString = builder.ConnectionString,
            UserId = password is null ? null : user,
            Password = password,
            DataSource = builder.DataSource,
            Database = NullIfEmpty(builder.InitialCatalog),
            IgnoredCredentials = credentials.Ignored,
            OdbcDriverIgnored = consumed.ContainsKey("driver"),
            DroppedKeywords = dropped,
            PasswordFromConnectionString = passwordFromString,
            ConnectionStringIgnored = ignoredString,
        };
    }

    /// <summary>The SqlClient data source for a host and port: <c>tcp:host,port</c>.</summary>
    /// <param name="host">The host name or address.</param>
    /// <param name="port">The port, or <see langword="null"/> for 1433.</param>
    /// <returns>The data source.</returns>
    public static string FormatDataSource(string host, int? port) =>
        string.Create(CultureInfo.InvariantCulture, $"tcp:{host},{port ?? DefaultPort}");

    /// <summary>
    /// A server as written in a credential: <c>tcp:host,1433</c>, <c>host,1433</c>, <c>host\instance</c> and
    /// <c>host.sql.azuresynapse.net</c> are kept; <c>host:1433</c> (URL habit) becomes <c>host,1433</c>.
    /// </summary>
    /// <param name="server">The server text.</param>
    /// <returns>A SqlClient data source.</returns>
    public static string NormalizeServer(string server)
    {
        var text = server.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && colon == text.LastIndexOf(':')
            && !Protocols.Contains(text[..colon], StringComparer.OrdinalIgnoreCase)
            && text.IndexOfAny([',', '\\']) < 0
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{text[..colon]},{port}");
        }

        return text;
    }

    private static (string? Host, int? Port) ApplyUrl(ResolvedConnection resolved, string text, SqlConnectionStringBuilder builder)
    {
        if (!ConnectionUri.TryParse(text, out var uri, out var error))
        {
            throw Invalid(resolved, error);
        }

        if (!UrlSchemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            throw Invalid(resolved, $"the connection string's scheme '{uri.Scheme}' is not sqlserver://, mssql:// or synapse://.");
        }

        if (uri.Hosts.Count > 1)
        {
            throw Invalid(resolved, "the connection string names more than one host; SqlClient connects to one (use the 'Failover Partner' setting for mirroring).");
        }

        string? host = null;
        int? port = null;
        if (uri.Hosts.Count == 1)
        {
            (host, port) = (uri.Hosts[0].Host, uri.Hosts[0].Port);
            builder.DataSource = FormatDataSource(host, port);
        }

        if (uri.Database is not null)
        {
            builder.InitialCatalog = uri.Database;
        }

        if (uri.UserName is not null)
        {
            builder.UserID = uri.UserName;
        }

        if (uri.Password is not null)
        {
            builder.Password = uri.Password;
        }

        foreach (var (key, value) in uri.Parameters)
        {
            try
            {
                builder[key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
            {
                throw Invalid(resolved, $"the connection string parameter '{key}' is not a SqlClient keyword or has an invalid value.", ex);
            }
        }

        return (host, port);
    }

    private static void ApplyKeyValuePairs(ResolvedConnection resolved, string text, SqlConnectionStringBuilder builder)
    {
        try
        {
            builder.ConnectionString = text;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The message of SqlClient's parser names a keyword or an index, never a value.
            throw Invalid(resolved, $"the connection string is not a valid SqlClient connection string: {ex.Message}");
        }
    }

    private static void ApplyLocationOverrides(
        ResolvedConnection resolved, IReadOnlyDictionary<string, string> overrides, SqlConnectionStringBuilder builder, string? urlHost, int? urlPort)
    {
        if (overrides.Count == 0)
        {
            return;
        }

        int? port = null;
        if (overrides.TryGetValue("port", out var portText))
        {
            port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535
                ? value
                : throw Invalid(resolved, "the 'port' credential is not a number between 1 and 65535.");
        }

        if (overrides.TryGetValue("server", out var server))
        {
            builder.DataSource = NormalizeServer(server);
        }
        else if (overrides.TryGetValue("host", out var host))
        {
            builder.DataSource = FormatDataSource(host, port ?? urlPort);
        }
        else if (port is not null)
        {
            builder.DataSource = urlHost is not null
                ? FormatDataSource(urlHost, port)
                : throw Invalid(resolved, "the 'port' credential needs a host: the connection string is not a URL, so add a 'host' credential too.");
        }

        if (overrides.TryGetValue("database", out var database))
        {
            builder.InitialCatalog = database;
        }
    }

    private static void SetCredentialKeyword(ResolvedConnection resolved, SqlConnectionStringBuilder builder, string name, string value)
    {
        var probe = new SqlConnectionStringBuilder();
        try
        {
            probe[name] = value;
            builder[name] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // The value is secret: neither it nor the driver's message (which may quote it) goes into the error.
            throw Invalid(resolved, $"the credential '{name}' is allowed as a driver keyword but is not a SqlClient keyword, or its value is invalid.");
        }
    }

    private static void ApplySetting(SqlConnectionStringBuilder builder, string key, string value, string settingsPath)
    {
        var probe = new SqlConnectionStringBuilder();
        try
        {
            probe[key] = value;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidOperationException($"'{settingsPath}:{key}' is not a SqlClient connection-string keyword, or its value is invalid: {ex.Message}", ex);
        }

        if (probe.ShouldSerialize("Password"))
        {
            throw new InvalidOperationException(
                $"'{settingsPath}:{key}' sets the password, which settings may not do: the password comes from the asset's encrypted 'password' credential.");
        }

        builder[key] = value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail, Exception? inner = null) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail, inner);
}
