using System.Data.Common;
using System.Globalization;
using Npgsql;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Npgsql;

/// <summary>
/// Turns a resolved PostgreSQL or Redshift connection into an Npgsql connection string, built only with
/// <see cref="NpgsqlConnectionStringBuilder"/> and never carrying the password (which goes through the periodic
/// password provider instead).
/// </summary>
internal sealed class NpgsqlConnectionPlan
{
    /// <summary>PostgreSQL's default port.</summary>
    internal const int PostgreSqlPort = 5432;

    /// <summary>Amazon Redshift's default port.</summary>
    internal const int RedshiftPort = 5439;

    /// <summary>Credentials the driver maps itself.</summary>
    internal static readonly string[] ConsumedCredentials = ["username", "password"];

    /// <summary>Credentials that would move the connection elsewhere.</summary>
    internal static readonly string[] LocationCredentials = ["host", "port", "database", "dbname", "server"];

    private static readonly string[] Schemes = ["postgresql", "postgres", "pgsql", "redshift"];

    private NpgsqlConnectionPlan(NpgsqlConnectionStringBuilder builder, bool hasPassword, IReadOnlyList<string> ignoredCredentials)
    {
        Builder = builder;
        HasPassword = hasPassword;
        IgnoredCredentials = ignoredCredentials;
    }

    /// <summary>The connection string, without a password.</summary>
    public NpgsqlConnectionStringBuilder Builder { get; }

    /// <summary>Whether the asset carries a password (credential, or legacy password in the connection string).</summary>
    public bool HasPassword { get; }

    /// <summary>Names of credentials that were neither mapped nor allowed.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; }

    /// <summary>Builds the plan.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <param name="options">The connection's options (credential policy), if any.</param>
    /// <param name="settings">Npgsql connection-string settings from configuration and code, applied last.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PangolinConnectionException">The asset is of another type, or cannot be turned into an Npgsql connection string.</exception>
    public static NpgsqlConnectionPlan Create(ResolvedConnection resolved, PangolinConnectionOptions? options, IReadOnlyDictionary<string, string>? settings)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        resolved.EnsureType(ConnectionType.PostgreSql, ConnectionType.Redshift);
        var defaultPort = resolved.ConnectionType == ConnectionType.Redshift ? RedshiftPort : PostgreSqlPort;
        var builder = new NpgsqlConnectionStringBuilder();
        var legacyPassword = ConnectionUri.IsUrl(resolved.ConnectionString)
            ? ApplyUrl(resolved, builder, defaultPort)
            : ApplyKeywords(resolved, builder, defaultPort);

        var credentials = DriverCredentials.Sort(resolved, options, ConsumedCredentials, LocationCredentials);
        if (credentials.Consumed.TryGetValue("username", out var username))
        {
            builder.Username = username;
        }

        ApplyOverrides(resolved, builder, credentials);
        ApplyPassThrough(resolved, builder, credentials, options?.AllowCredentialOverrides == true);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw Invalid(resolved, "the connection string names no host (Npgsql would silently fall back to a local socket). Write it as postgresql://host:5432/database.");
        }

        if (settings is not null)
        {
            ApplySettings(builder, settings, (key, detail) => new PangolinConnectionException(
                ConnectionFailureReason.InvalidSettings, resolved.Name, resolved.Asset.Reference, $"the connection-string setting '{key}' {detail}"));
        }

        var hasPassword = credentials.Consumed.ContainsKey("password") || legacyPassword is not null;
        return new NpgsqlConnectionPlan(builder, hasPassword, credentials.Ignored);
    }

    /// <summary>The current password of a resolved connection: the <c>password</c> credential, else a legacy password in the connection string.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <returns>The password, or <see langword="null"/>. Secret.</returns>
    public static string? GetPassword(ResolvedConnection resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        return resolved.GetPassword(text => new NpgsqlConnectionStringBuilder(text).Password);
    }

    /// <summary>Applies driver settings (configuration or code); they may not set the password.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="settings">The settings, by Npgsql keyword.</param>
    /// <param name="error">Creates the exception for a bad setting (key and what is wrong).</param>
    internal static void ApplySettings(NpgsqlConnectionStringBuilder builder, IReadOnlyDictionary<string, string> settings, Func<string, string, Exception> error)
    {
        foreach (var (key, value) in settings)
        {
            if (!TrySet(builder, key, value))
            {
                throw error(key, "is not an Npgsql connection-string keyword, or its value is not valid for it.");
            }

            if (builder.Password is not null)
            {
                throw error(key, "would set the password: the password comes only from the Pangolin asset.");
            }
        }
    }

    private static string? ApplyUrl(ResolvedConnection resolved, NpgsqlConnectionStringBuilder builder, int defaultPort)
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
        if (!Schemes.Contains(scheme, StringComparer.Ordinal))
        {
            throw Invalid(resolved, $"the connection string's scheme '{uri.Scheme}' is not a PostgreSQL scheme ({string.Join(", ", Schemes)}).");
        }

        // As in libpq, query parameters come after the URL parts and win over them.
        var hosts = uri.Hosts.ToList();
        var password = uri.Password;
        int? queryPort = null;
        builder.Database = uri.Database;
        builder.Username = uri.UserName;
        foreach (var (name, value) in uri.Parameters)
        {
            switch (name.ToLowerInvariant())
            {
                case "host" or "hostaddr":
                    hosts = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => new ConnectionHost(h, null))];
                    break;
                case "port":
                    queryPort = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                        ? port
                        : throw Invalid(resolved, "the connection string's port parameter is not a number between 1 and 65535.");
                    break;
                case "dbname":
                    builder.Database = value;
                    break;
                case "user":
                    builder.Username = value;
                    break;
                case "password":
                    password = value;
                    break;
                default:
                    ApplyParameter(resolved, builder, name, value);
                    break;
            }
        }

        SetHosts(builder, hosts, queryPort ?? defaultPort);
        return password;
    }

    private static void ApplyParameter(ResolvedConnection resolved, NpgsqlConnectionStringBuilder builder, string name, string value)
    {
        var (keyword, mapped) = NpgsqlUrlParameters.Map(name, value) ?? (name, value);
        if (!TrySet(builder, keyword, mapped) || builder.Password is not null)
        {
            throw Invalid(resolved,
                $"the connection string's query parameter '{name}' is neither a libpq parameter this package maps "
                + $"({string.Join(", ", NpgsqlUrlParameters.MappedNames)}) nor an Npgsql connection-string keyword, or its value is not valid for it.");
        }
    }

    private static void SetHosts(NpgsqlConnectionStringBuilder builder, List<ConnectionHost> hosts, int defaultPort)
    {
        builder.Port = defaultPort;
        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Host;
            builder.Port = hosts[0].Port ?? defaultPort;
        }
        else if (hosts.Count > 1)
        {
            // Npgsql's multi-host syntax: Host=h1:5432,h2:5433,[::1]:5432; hosts without a port use Port.
            builder.Host = string.Join(',', hosts.Select(h => h.ToString()));
        }
    }

    private static string? ApplyKeywords(ResolvedConnection resolved, NpgsqlConnectionStringBuilder builder, int defaultPort)
    {
        try
        {
            builder.ConnectionString = resolved.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's messages name the keyword, not the value; the password is a plain string and never fails to convert.
            throw Invalid(resolved, $"the connection string is neither a postgresql:// URL nor a valid Npgsql key=value string: {ex.Message}");
        }

        var password = builder.Password;
        builder.Password = null;
        var given = new DbConnectionStringBuilder { ConnectionString = resolved.ConnectionString };
        if (!given.ContainsKey("port"))
        {
            builder.Port = defaultPort;
        }

        return password;
    }

    private static void ApplyOverrides(ResolvedConnection resolved, NpgsqlConnectionStringBuilder builder, DriverCredentials credentials)
    {
        foreach (var (name, value) in credentials.LocationOverrides)
        {
            switch (name.ToLowerInvariant())
            {
                case "host" or "server":
                    builder.Host = value;
                    break;
                case "port":
                    builder.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                        ? port
                        : throw Invalid(resolved, $"the encrypted credential '{name}' is not a port number between 1 and 65535.");
                    break;
                default:
                    builder.Database = value;
                    break;
            }
        }
    }

    private static void ApplyPassThrough(ResolvedConnection resolved, NpgsqlConnectionStringBuilder builder, DriverCredentials credentials, bool overridesAllowed)
    {
        foreach (var (name, value) in credentials.PassThrough)
        {
            var before = (builder.Host, builder.Port, builder.Database);
            var (keyword, mapped) = NpgsqlUrlParameters.Map(name, value) ?? (name, value);
            if (!TrySet(builder, keyword, mapped))
            {
                // The value is secret: name the credential only, and do not chain the driver's exception.
                throw Invalid(resolved, $"the encrypted credential '{name}' is allowed by AllowedCredentialKeywords but is neither a libpq parameter this package maps nor an Npgsql connection-string keyword, or its value is not valid for it.");
            }

            if (builder.Password is not null)
            {
                throw Invalid(resolved, $"the encrypted credential '{name}' is an Npgsql synonym of Password; name it 'password' instead.");
            }

            if (!overridesAllowed && before != (builder.Host, builder.Port, builder.Database))
            {
                throw Invalid(resolved,
                    $"the encrypted credential '{name}' would override where the connection goes (host, port or database), which is refused by default. "
                    + "Set AllowCredentialOverrides for this connection to allow it.");
            }
        }
    }

    private static bool TrySet(NpgsqlConnectionStringBuilder builder, string keyword, string value)
    {
        try
        {
            builder[keyword] = value;
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail, Exception? inner = null) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail, inner);
}
