using System.Buffers;
using System.Collections.Frozen;

namespace Pangolin.Extensions.Snowflake.ConnectionStrings;

/// <summary>
/// Connection-string keywords of the Snowflake.Data driver, as its documentation lists them (Connection Properties
/// Reference, "Connecting"). Keywords compare case-insensitively; this package writes them lowercase.
/// </summary>
internal static class SnowflakeKeywords
{
    public const string Account = "account";
    public const string Host = "host";
    public const string Port = "port";
    public const string Scheme = "scheme";
    public const string User = "user";
    public const string Password = "password";
    public const string Database = "db";
    public const string Schema = "schema";
    public const string Warehouse = "warehouse";
    public const string Role = "role";
    public const string Authenticator = "authenticator";

    /// <summary>Keywords whose values the driver treats as secrets (it leaves them out of its own logs).</summary>
    public static readonly FrozenSet<string> Secret = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "password", "private_key", "private_key_pwd", "token", "passcode", "proxypassword", "oauthclientid", "oauthclientsecret");

    /// <summary>Keywords that say which account, host and login a connection uses: they come only from the asset.</summary>
    public static readonly FrozenSet<string> Identity = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, Account, Host, Port, Scheme, User, Password, Database);

    /// <summary>
    /// Object keywords the driver re-reads from the raw connection string after parsing it (DB, SCHEMA, WAREHOUSE,
    /// ROLE), so that <c>db="MyDb"</c> stays a case-sensitive quoted identifier.
    /// </summary>
    public static readonly FrozenSet<string> Objects = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, Database, Schema, Warehouse, Role);

    /// <summary>Documented keywords whose values are not secret, so they may appear in a redacted connection string.</summary>
    public static readonly FrozenSet<string> KnownNonSecret = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "account", "application", "db", "host", "port", "scheme", "role", "schema", "user", "warehouse",
        "connection_timeout", "retry_timeout", "maxhttpretries", "client_session_keep_alive", "browser_response_timeout",
        "disableretry", "authenticator", "validate_default_parameters", "private_key_file", "useproxy", "proxyhost",
        "proxyport", "proxyuser", "nonproxyhosts", "file_transfer_memory_threshold", "client_config_file",
        "allowunderscoresinhost", "query_tag", "maxpoolsize", "minpoolsize", "changedsession", "waitingforidlesessiontimeout",
        "expirationtimeout", "poolingenabled", "disable_saml_url_check", "client_store_temporary_credential",
        "passcodeinpassword", "oauthscope", "oauthauthorizationurl", "oauthtokenrequesturl", "oauthredirecturi",
        "workload_identity_provider", "workload_identity_entra_resource", "workload_impersonation_path",
        "oauthenablesingleuserefreshtokens", "certrevocationcheckmode", "enablecrldiskcaching", "enablecrlinmemorycaching",
        "allowcertificateswithoutcrlurl", "crldownloadtimeout", "crldownloadmaxsize", "mintls", "maxtls",
        "service_point_connection_limit", "honorsessiontimezone", "insecuremode", "includeretryreason",
        "disablequerycontextcache", "disable_console_login", "forceretryon404");

    private static readonly SearchValues<char> KeywordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

    /// <summary>Whether a name can be written as a keyword without quoting: letters, digits and underscores.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if it is a plain keyword.</returns>
    public static bool IsPlainKeyword(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && !name.AsSpan().ContainsAnyExcept(KeywordChars);
}
