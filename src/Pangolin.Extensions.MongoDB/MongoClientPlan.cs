using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MongoDB;

/// <summary>
/// How a resolved MongoDB connection becomes <see cref="MongoClientSettings"/>: the asset's URL (user-info removed),
/// its options, allow-listed credentials as options, the application's options, then the credential set on a
/// <see cref="MongoUrlBuilder"/> so that any character in user names and passwords works. Fixes pypangolin's weak
/// spots (contract §5.5): unescaped passwords, dropped <c>authSource</c>, silently dropped user names.
/// </summary>
internal sealed class MongoClientPlan
{
    /// <summary>URI options that carry secrets: they may come from encrypted credentials, never from settings.</summary>
    internal static readonly string[] SecretOptions = ["password", "username", "proxyPassword", "tlsCertificateKeyFilePassword", "authMechanismProperties"];

    private static readonly string[] ConsumedCredentials = ["username", "password"];
    private static readonly string[] LocationCredentials = ["host", "hosts", "port", "database"];
    private static readonly string[] PasswordlessMechanisms = ["MONGODB-X509", "GSSAPI", "MONGODB-AWS", "MONGODB-OIDC"];

    private MongoClientPlan(MongoUrl url, string? databaseName)
    {
        Url = url;
        DatabaseName = databaseName;
    }

    /// <summary>The final URL, with the credential. Secret: never log it.</summary>
    public MongoUrl Url { get; }

    /// <summary>The database named by the asset (or the settings' fallback), if any.</summary>
    public string? DatabaseName { get; }

    /// <summary>Whether the connection string carried its own credentials.</summary>
    public bool CredentialsFromUrl { get; private init; }

    /// <summary>Stored credentials ignored because the URL carries credentials.</summary>
    public IReadOnlyList<string> StoredCredentialsIgnored { get; private init; } = [];

    /// <summary>Credentials neither mapped nor allowed.</summary>
    public IReadOnlyList<string> IgnoredCredentials { get; private init; } = [];

    /// <summary>Credentials applied as URL options (allowed by <see cref="PangolinConnectionOptions.AllowedCredentialKeywords"/>).</summary>
    public IReadOnlyList<string> CredentialOptions { get; private init; } = [];

    /// <summary>Options the driver does not know.</summary>
    public IReadOnlyList<string> UnknownOptions { get; private init; } = [];

    /// <summary>Creates fresh client settings from the plan.</summary>
    /// <returns>New settings.</returns>
    public MongoClientSettings CreateSettings() => MongoClientSettings.FromUrl(Url);

    /// <summary>Plans a client.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <param name="connection">The connection's options (credential policies).</param>
    /// <param name="settings">The package settings.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="PangolinConnectionException">The asset is not a usable MongoDB connection.</exception>
    public static MongoClientPlan Create(ResolvedConnection resolved, PangolinConnectionOptions? connection, PangolinMongoDBSettings settings)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(settings);
        resolved.EnsureType(ConnectionType.MongoDb);
        var text = resolved.ConnectionString.Trim();
        if (!ConnectionUri.TryParse(text, out var uri, out var error) || (uri.Scheme != "mongodb" && uri.Scheme != "mongodb+srv"))
        {
            throw Invalid(resolved, error ?? $"the connection string is a '{uri!.Scheme}://' URL, not mongodb:// or mongodb+srv://.");
        }

        var credentials = DriverCredentials.Sort(resolved, connection, ConsumedCredentials, LocationCredentials);
        var credentialsFromUrl = uri.UserName is not null;
        var passThrough = credentials.PassThrough.ToList();

        var url = MongoUrlText.WithOptions(MongoUrlText.WithoutUserInfo(text), passThrough.Concat(settings.UrlOptions));
        MongoUrlBuilder builder;
        IReadOnlyList<string> unknown;
        try
        {
            builder = new MongoUrlBuilder(url);
            unknown = [.. new ConnectionString(url).AllUnknownOptionNames];
        }
        catch (Exception ex) when (ex is MongoConfigurationException or FormatException or ArgumentException)
        {
            throw Invalid(resolved, "the connection string is not a valid MongoDB URL: " + Redact(ex.Message, passThrough));
        }

        ApplyLocationOverrides(resolved, builder, credentials.LocationOverrides);

        string? user;
        string? password;
        if (credentialsFromUrl)
        {
            (user, password) = (uri.UserName, uri.Password);
        }
        else
        {
            user = credentials.Consumed.GetValueOrDefault("username");
            password = credentials.Consumed.GetValueOrDefault("password");
        }

        if (user is null && password is not null)
        {
            throw Invalid(resolved, "it has a password but no user name.");
        }

        if (user is not null && password is null && !PasswordlessMechanisms.Contains(builder.AuthenticationMechanism, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid(resolved,
                $"it has a user name but no password, and the authentication mechanism ({builder.AuthenticationMechanism ?? "default SCRAM"}) needs one "
                + "(pypangolin silently connects without credentials in this case).");
        }

        builder.Username = user;
        builder.Password = password;
        MongoUrl final;
        try
        {
            final = builder.ToMongoUrl();
            _ = MongoClientSettings.FromUrl(final);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or FormatException or ArgumentException)
        {
            throw Invalid(resolved, "the MongoDB settings are invalid: " + Redact(ex.Message, [.. passThrough, new("password", password ?? string.Empty)]));
        }

        return new MongoClientPlan(final, final.DatabaseName ?? settings.DatabaseName)
        {
            CredentialsFromUrl = credentialsFromUrl,
            StoredCredentialsIgnored = credentialsFromUrl ? [.. credentials.Consumed.Keys.Order(StringComparer.Ordinal)] : [],
            IgnoredCredentials = credentials.Ignored,
            CredentialOptions = [.. passThrough.Select(p => p.Key)],
            UnknownOptions = unknown,
        };
    }

    /// <summary>Checks application settings at registration: known option syntax, no secrets.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>What is wrong, or <see langword="null"/>.</returns>
    public static string? Validate(PangolinMongoDBSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var secret = settings.UrlOptions.Keys.FirstOrDefault(k => SecretOptions.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (secret is not null)
        {
            return $"the option '{secret}' carries a secret; store it as an encrypted credential of the asset (and allow it with AllowedCredentialKeywords) instead.";
        }

        try
        {
            var url = MongoUrlText.WithOptions("mongodb://localhost/", settings.UrlOptions);
            _ = MongoClientSettings.FromUrl(new MongoUrl(url));
            var unknown = new ConnectionString(url).AllUnknownOptionNames.ToList();
            return unknown.Count == 0 ? null : $"MongoDB does not know the option(s) {string.Join(", ", unknown)}.";
        }
        catch (Exception ex) when (ex is MongoConfigurationException or FormatException or ArgumentException)
        {
            return "is invalid: " + ex.Message;
        }
    }

    private static void ApplyLocationOverrides(ResolvedConnection resolved, MongoUrlBuilder builder, IReadOnlyDictionary<string, string> overrides)
    {
        var host = overrides.GetValueOrDefault("hosts") ?? overrides.GetValueOrDefault("host");
        var port = overrides.GetValueOrDefault("port");
        if (host is not null || port is not null)
        {
            int? portNumber = null;
            if (port is not null)
            {
                portNumber = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535
                    ? p
                    : throw Invalid(resolved, "the 'port' credential is not a port number.");
            }

            var servers = host is null
                ? builder.Servers
                : host.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(MongoServerAddress.Parse);
            builder.Servers = [.. servers.Select(s => portNumber is null ? s : new MongoServerAddress(s.Host, portNumber.Value))];
        }

        if (overrides.TryGetValue("database", out var database))
        {
            builder.DatabaseName = database;
        }
    }

    private static string Redact(string message, IEnumerable<KeyValuePair<string, string>> secrets)
    {
        foreach (var (_, value) in secrets)
        {
            if (value.Length > 0)
            {
                message = message.Replace(value, "***", StringComparison.Ordinal).Replace(Uri.EscapeDataString(value), "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    // Driver exceptions are not attached: their messages may repeat option values.
    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, "MongoDB: " + detail);
}
