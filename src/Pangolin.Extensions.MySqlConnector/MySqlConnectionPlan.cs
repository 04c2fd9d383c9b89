using System.Globalization;
using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>
/// Turns a resolved MySQL connection into a MySqlConnector connection string, built only with
/// <see cref="MySqlConnectionStringBuilder"/> and never carrying the password (which goes through the periodic
/// password provider instead).
/// </summary>
internal sealed class MySqlConnectionPlan
{
    /// <summary>MySQL's default port.</summary>
    internal const uint DefaultPort = 3306;

    /// <summary>Credentials the driver maps itself.</summary>
    internal static readonly string[] ConsumedCredentials = ["username", "password"];

    /// <summary>Credentials that would move the connection elsewhere.</summary>
    internal static readonly string[] LocationCredentials = ["host", "port", "database", "dbname", "server"];

    private MySqlConnectionPlan(MySqlConnectionStringBuilder builder, bool hasPassword, IReadOnlyList<string> ignoredCredentials)
    {
        Builder = builder;
        HasPassword = hasPassword;
        IgnoredCredentials = ignoredCredentials;
    }

    /// <summary>The connection string, without a password.</summary>
    public MySqlConnectionStringBuilder Builder { get; }

    /// <summary>Whether the asset carries a password (credential, or legacy password in the connection string).</summary>
    public bool HasPassword { get; }

    /// <summary>Names of credentials that were neither mapped nor allowed.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; }

    /// <summary>Builds the plan.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <param name="options">The connection's options (credential policy), if any.</param>
    /// <param name="settings">MySqlConnector settings from configuration and code, applied last.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PangolinConnectionException">The asset is of another type, or cannot be turned into a MySqlConnector connection string.</exception>
    public static MySqlConnectionPlan Create(ResolvedConnection resolved, PangolinConnectionOptions? options, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        resolved.EnsureType(ConnectionType.MySql);
        var builder = new MySqlConnectionStringBuilder();
        var legacyPassword = ConnectionUri.IsUrl(resolved.ConnectionString)
            ? ApplyUrl(resolved, builder)
            : ApplyKeywords(resolved, builder);

        var credentials = DriverCredentials.Sort(resolved, options, ConsumedCredentials, LocationCredentials);
        if (credentials.Consumed.TryGetValue("username", out var username))
        {
            builder.UserID = username;
        }

        ApplyOverrides(resolved, builder, credentials);
        ApplyPassThrough(resolved, builder, credentials, options?.AllowCredentialOverrides == true);
        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            throw Invalid(resolved, "the connection string names no host. Write it as mysql://host:3306/database.");
        }

        if (settings is not null)
        {
            ApplySettings(builder, settings, (key, detail) => new PangolinConnectionException(
                ConnectionFailureReason.InvalidSettings, resolved.Name, resolved.Asset.Reference, $"the connection-string setting '{key}' {detail}"));
        }

        var hasPassword = credentials.Consumed.ContainsKey("password") || legacyPassword is not null;
        return new MySqlConnectionPlan(builder, hasPassword, credentials.Ignored);
    }

    /// <summary>The current password of a resolved connection: the <c>password</c> credential, else a legacy password in the connection string.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <returns>The password, or <see langword="null"/>. Secret.</returns>
    public static string? GetPassword(ResolvedConnection resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        return resolved.GetPassword(text => new MySqlConnectionStringBuilder(text).Password);
    }

    /// <summary>Applies driver settings (configuration or code); they may not set the password.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="settings">The settings, by MySqlConnector keyword.</param>
    /// <param name="error">Creates the exception for a bad setting (key and what is wrong).</param>
    internal static void ApplySettings(MySqlConnectionStringBuilder builder, IReadOnlyDictionary<string, string> settings, Func<string, string, Exception> error)
    {
        foreach (var (key, value) in settings)
        {
            if (!TrySet(builder, key, value))
            {
                throw error(key, "is not a MySqlConnector connection-string keyword, or its value is not valid for it.");
            }

            if (!string.IsNullOrEmpty(builder.Password))
            {
                throw error(key, "would set the password: the password comes only from the Pangolin asset.");
            }
        }
    }

    private static string? ApplyUrl(ResolvedConnection resolved, MySqlConnectionStringBuilder builder)
    {
        ConnectionUri uri;
        try
        {
            uri = ConnectionUri.Parse(resolved.ConnectionString);
        }
        catch (FormatException ex)
        {
            throw Invalid(resolved, ex.Message, ex);
        }

        var scheme = uri.Scheme.StartsWith("jdbc:", StringComparison.Ordinal) ? uri.Scheme["jdbc:".Length..] : uri.Scheme;
        if (!(scheme is "mysql" or "mariadb" || scheme.StartsWith("mysql+", StringComparison.Ordinal) || scheme.StartsWith("mariadb+", StringComparison.Ordinal)))
        {
            throw Invalid(resolved, $"the connection string's scheme '{uri.Scheme}' is not a MySQL scheme (mysql, mariadb, mysql+driver).");
        }

        // Query parameters come after the URL parts and win over them.
        var hosts = uri.Hosts.ToList();
        var password = uri.Password;
        uint? queryPort = null;
        builder.Database = uri.Database;
        builder.UserID = uri.UserName;
        foreach (var (name, value) in uri.Parameters)
        {
            switch (name.ToLowerInvariant())
            {
                case "host":
                    hosts = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => new ConnectionHost(h, null))];
                    break;
                case "port":
                    queryPort = ParsePort(value) ?? throw Invalid(resolved, "the connection string's port parameter is not a number between 1 and 65535.");
                    break;
                case "database" or "dbname":
                    builder.Database = value;
                    break;
                case "user":
                    builder.UserID = value;
                    break;
                case "password":
                    password = value;
                    break;
                default:
                    ApplyParameter(resolved, builder, name, value);
                    break;
            }
        }

        SetHosts(resolved, builder, hosts, queryPort);
        return password;
    }

    private static void ApplyParameter(ResolvedConnection resolved, MySqlConnectionStringBuilder builder, string name, string value)
    {
        var (keyword, mapped) = MySqlUrlParameters.Map(name, value) ?? (name, value);
        if (!TrySet(builder, keyword, mapped) || !string.IsNullOrEmpty(builder.Password))
        {
            throw Invalid(resolved,
                $"the connection string's query parameter '{name}' is neither a MySQL URL parameter this package maps "
                + $"({string.Join(", ", MySqlUrlParameters.MappedNames)}) nor a MySqlConnector connection-string keyword, or its value is not valid for it.");
        }
    }

    private static void SetHosts(ResolvedConnection resolved, MySqlConnectionStringBuilder builder, List<ConnectionHost> hosts, uint? queryPort)
    {
        // MySqlConnector takes a list of servers but only one port for all of them.
        var ports = hosts.Select(h => h.Port).OfType<int>().Distinct().ToList();
        if (ports.Count > 1)
        {
            throw Invalid(resolved, "the connection string lists hosts with different ports; MySqlConnector uses one port for all servers of a connection.");
        }

        builder.Server = string.Join(',', hosts.Select(h => h.Host));
        builder.Port = ports.Count == 1 ? (uint)ports[0] : queryPort ?? DefaultPort;
    }

    private static string? ApplyKeywords(ResolvedConnection resolved, MySqlConnectionStringBuilder builder)
    {
        try
        {
            builder.ConnectionString = resolved.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or InvalidOperationException)
        {
            // MySqlConnector's messages name the option, not the value; the password is a plain string and never fails to convert.
            throw Invalid(resolved, $"the connection string is neither a mysql:// URL nor a valid MySqlConnector key=value string: {ex.Message}");
        }

        var password = builder.Password;
        builder.Password = string.Empty;
        builder.Remove("password");
        return string.IsNullOrEmpty(password) ? null : password;
    }

    private static void ApplyOverrides(ResolvedConnection resolved, MySqlConnectionStringBuilder builder, DriverCredentials credentials)
    {
        foreach (var (name, value) in credentials.LocationOverrides)
        {
            switch (name.ToLowerInvariant())
            {
                case "host" or "server":
                    builder.Server = value;
                    break;
                case "port":
                    builder.Port = ParsePort(value) ?? throw Invalid(resolved, $"the encrypted credential '{name}' is not a port number between 1 and 65535.");
                    break;
                default:
                    builder.Database = value;
                    break;
            }
        }
    }

    private static void ApplyPassThrough(ResolvedConnection resolved, MySqlConnectionStringBuilder builder, DriverCredentials credentials, bool overridesAllowed)
    {
        foreach (var (name, value) in credentials.PassThrough)
        {
            var before = (builder.Server, builder.Port, builder.Database);
            var (keyword, mapped) = MySqlUrlParameters.Map(name, value) ?? (name, value);
            if (!TrySet(builder, keyword, mapped))
            {
                // The value is secret: name the credential only, and do not chain the driver's exception.
                throw Invalid(resolved, $"the encrypted credential '{name}' is allowed by AllowedCredentialKeywords but is neither a MySQL URL parameter this package maps nor a MySqlConnector connection-string keyword, or its value is not valid for it.");
            }

            if (!string.IsNullOrEmpty(builder.Password))
            {
                throw Invalid(resolved, $"the encrypted credential '{name}' is a MySqlConnector synonym of Password; name it 'password' instead.");
            }

            if (!overridesAllowed && before != (builder.Server, builder.Port, builder.Database))
            {
                throw Invalid(resolved,
                    $"the encrypted credential '{name}' would override where the connection goes (host, port or database), which is refused by default. "
                    + "Set AllowCredentialOverrides for this connection to allow it.");
            }
        }
    }

    private static uint? ParsePort(string text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;

    private static bool TrySet(MySqlConnectionStringBuilder builder, string keyword, string value)
    {
        try
        {
            builder[keyword] = value;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail, Exception? inner = null) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail, inner);
}
