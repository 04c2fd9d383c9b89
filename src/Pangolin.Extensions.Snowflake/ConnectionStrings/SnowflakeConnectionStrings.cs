using System.Data.Common;
using System.Globalization;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>
/// Maps a resolved <c>snowflake</c> asset to a Snowflake.Data connection string. pypangolin's credentials map as
/// <c>account</c>→<c>account</c>, <c>username</c>→<c>user</c>, <c>password</c>→<c>password</c>,
/// <c>database</c>→<c>db</c>, <c>schema</c>, <c>warehouse</c>, <c>role</c>. The <c>snowflake://</c> connection string
/// (which pypangolin ignores) supplies the account and host when no <c>account</c> credential exists, and db, schema,
/// warehouse and role where the credentials have none. Other credentials pass through only when listed in
/// <c>AllowedCredentialKeywords</c> (such as <c>authenticator</c>, <c>private_key</c>, <c>private_key_pwd</c>,
/// <c>token</c>); <c>host</c>, <c>port</c> and <c>scheme</c> credentials need <c>AllowCredentialOverrides</c>.
/// </summary>
internal static class SnowflakeConnectionStrings
{
    private static readonly string[] ConsumedCredentials = ["account", "username", "password", "warehouse", "database", "schema", "role"];
    private static readonly string[] LocationCredentials = [SnowflakeKeywords.Host, SnowflakeKeywords.Port, SnowflakeKeywords.Scheme];

    /// <summary>Checks connection-string settings from configuration or code.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="settingsPath">Their configuration path, for messages.</param>
    /// <exception cref="InvalidOperationException">A keyword is malformed, secret, or says where or as whom to connect.</exception>
    public static void ValidateSettings(IEnumerable<KeyValuePair<string, string>> settings, string settingsPath)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (keyword, _) in settings)
        {
            if (!SnowflakeKeywords.IsPlainKeyword(keyword))
            {
                throw new InvalidOperationException($"Snowflake: '{settingsPath}:{keyword}' is not a Snowflake.Data connection-string keyword (letters, digits and underscores).");
            }

            if (SnowflakeKeywords.Secret.Contains(keyword))
            {
                throw new InvalidOperationException(
                    $"Snowflake: '{settingsPath}:{keyword}' sets a secret. Secrets come only from the asset's encrypted credentials "
                    + "(list the credential's name in AllowedCredentialKeywords to pass it to the driver).");
            }

            if (SnowflakeKeywords.Identity.Contains(keyword))
            {
                throw new InvalidOperationException(
                    $"Snowflake: '{settingsPath}:{keyword}' would change the account, host or login of the connection, which come only from the asset.");
            }
        }
    }

    /// <summary>Builds the connection string for the current resolution.</summary>
    /// <param name="resolved">The resolved asset.</param>
    /// <param name="options">The connection's options.</param>
    /// <param name="settings">The package settings.</param>
    /// <returns>The connection string and what was decided.</returns>
    /// <exception cref="PangolinConnectionException">The asset is not a usable Snowflake connection; the message names no secret.</exception>
    public static SnowflakeConnectionParts Build(ResolvedConnection resolved, PangolinConnectionOptions? options, PangolinSnowflakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(settings);
        resolved.EnsureType(ConnectionType.Snowflake);
        var credentials = DriverCredentials.Sort(resolved, options, ConsumedCredentials, LocationCredentials);
        var consumed = credentials.Consumed;

        SnowflakeUrl? url = null;
        var notUrl = false;
        if (!SnowflakeUrl.TryParse(resolved.ConnectionString, out url, out var urlError))
        {
            if (urlError is not null)
            {
                throw Invalid(resolved, $"the connection string is not a valid snowflake:// URL: {urlError}");
            }

            notUrl = true;
        }

        var parameters = new List<SnowflakeParameter>();
        var fromUrl = "the connection string";
        string account;
        string? host = null;
        var urlAccountIgnored = false;
        if (consumed.TryGetValue("account", out var accountCredential) && accountCredential.Length > 0)
        {
            account = accountCredential;
            urlAccountIgnored = url is not null && !string.Equals(url.Account.Split('.')[0], account.Split('.')[0], StringComparison.OrdinalIgnoreCase);
            Add(parameters, SnowflakeKeywords.Account, account, "the 'account' credential");
        }
        else if (url is not null)
        {
            account = url.Account;
            host = url.Host;
            Add(parameters, SnowflakeKeywords.Account, account, fromUrl);
            Add(parameters, SnowflakeKeywords.Host, host, fromUrl);
            if (url.Port is { } port)
            {
                Add(parameters, SnowflakeKeywords.Port, port.ToString(CultureInfo.InvariantCulture), fromUrl);
            }
        }
        else
        {
            throw Invalid(resolved, "it names no Snowflake account: the asset has no 'account' credential and its connection string is not a snowflake://<account>.snowflakecomputing.com URL.");
        }

        foreach (var (name, value) in credentials.LocationOverrides)
        {
            Add(parameters, name.ToLowerInvariant(), value, $"the '{name}' credential");
            if (string.Equals(name, SnowflakeKeywords.Host, StringComparison.OrdinalIgnoreCase))
            {
                host = value;
            }
        }

        var user = consumed.GetValueOrDefault("username");
        if (user is not null)
        {
            Add(parameters, SnowflakeKeywords.User, user, "the 'username' credential");
        }

        if (consumed.TryGetValue("password", out var password))
        {
            Add(parameters, SnowflakeKeywords.Password, password, "the 'password' credential");
        }

        var database = AddObject(parameters, consumed, "database", SnowflakeKeywords.Database, url?.Database);
        AddObject(parameters, consumed, "schema", SnowflakeKeywords.Schema, url?.Schema);
        AddObject(parameters, consumed, "warehouse", SnowflakeKeywords.Warehouse, url?.Warehouse);
        AddObject(parameters, consumed, "role", SnowflakeKeywords.Role, url?.Role);

        var ignored = new List<string>(credentials.Ignored);
        var passThrough = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in credentials.PassThrough)
        {
            if (!SnowflakeKeywords.IsPlainKeyword(name) || SnowflakeKeywords.Identity.Contains(name) || SnowflakeKeywords.Objects.Contains(name))
            {
                ignored.Add(name);
                continue;
            }

            Add(parameters, name.ToLowerInvariant(), value, $"the '{name}' credential");
            passThrough.Add(name);
        }

        foreach (var (keyword, value) in settings.ConnectionStringSettings)
        {
            Add(parameters, keyword.ToLowerInvariant(), value, $"the '{keyword}' setting");
            passThrough.Remove(keyword);
        }

        string full;
        string redacted;
        try
        {
            full = SnowflakeConnectionStringWriter.Write(parameters);
            redacted = Redact(parameters, passThrough);
        }
        catch (SnowflakeConnectionStringException ex)
        {
            throw Invalid(resolved, ex.Message);
        }

        return new SnowflakeConnectionParts
        {
            ConnectionString = full,
            RedactedConnectionString = redacted,
            Account = account,
            Host = host,
            Database = database,
            User = user,
            IgnoredCredentials = ignored,
            UrlAccountIgnored = urlAccountIgnored,
            UrlUserInfoIgnored = url?.HasUserInfo == true,
            ConnectionStringIgnored = notUrl,
        };
    }

    private static string? AddObject(List<SnowflakeParameter> parameters, IReadOnlyDictionary<string, string> consumed, string credential, string keyword, string? fromUrl)
    {
        if (consumed.TryGetValue(credential, out var value))
        {
            Add(parameters, keyword, value, $"the '{credential}' credential");
            return value;
        }

        if (fromUrl is not null)
        {
            Add(parameters, keyword, fromUrl, "the connection string");
        }

        return fromUrl;
    }

    /// <summary>Adds or replaces a keyword, keeping the position of its first appearance.</summary>
    private static void Add(List<SnowflakeParameter> parameters, string keyword, string value, string source)
    {
        var index = parameters.FindIndex(p => string.Equals(p.Keyword, keyword, StringComparison.OrdinalIgnoreCase));
        var parameter = new SnowflakeParameter(keyword, value, source);
        if (index >= 0)
        {
            parameters[index] = parameter;
        }
        else
        {
            parameters.Add(parameter);
        }
    }

    /// <summary>
    /// The connection string without secrets: secret keywords are left out, and so are credentials passed through
    /// under a keyword not known to be harmless.
    /// </summary>
    private static string Redact(List<SnowflakeParameter> parameters, HashSet<string> passThrough)
    {
        var builder = new DbConnectionStringBuilder();
        foreach (var parameter in parameters)
        {
            if (SnowflakeKeywords.Secret.Contains(parameter.Keyword)
                || (passThrough.Contains(parameter.Keyword) && !SnowflakeKeywords.KnownNonSecret.Contains(parameter.Keyword)))
            {
                continue;
            }

            builder[parameter.Keyword] = parameter.Value;
        }

        return builder.ConnectionString;
    }

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail);
}
