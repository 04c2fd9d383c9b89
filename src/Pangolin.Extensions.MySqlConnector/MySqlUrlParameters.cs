namespace Pangolin.Extensions.MySqlConnector;

/// <summary>
/// Query parameters seen in MySQL URLs (MySQL Shell / Connector URIs, JDBC, SQLAlchemy drivers) and the MySqlConnector
/// keywords they map to. Parameters not listed here are tried as MySqlConnector keywords; anything else is refused.
/// </summary>
internal static class MySqlUrlParameters
{
    private static readonly Dictionary<string, (string Keyword, Func<string, string> Value)> Mapped = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ssl-mode"] = ("SSL Mode", SslMode),
        ["ssl_mode"] = ("SSL Mode", SslMode),
        ["sslmode"] = ("SSL Mode", SslMode),
        ["useSSL"] = ("SSL Mode", UseSsl),
        ["ssl-ca"] = ("SSL CA", Same),
        ["ssl_ca"] = ("SSL CA", Same),
        ["sslrootcert"] = ("SSL CA", Same),
        ["ssl-cert"] = ("SSL Cert", Same),
        ["ssl_cert"] = ("SSL Cert", Same),
        ["sslcert"] = ("SSL Cert", Same),
        ["ssl-key"] = ("SSL Key", Same),
        ["ssl_key"] = ("SSL Key", Same),
        ["sslkey"] = ("SSL Key", Same),
        ["charset"] = ("Character Set", Same),
        ["characterEncoding"] = ("Character Set", Same),
        ["connect_timeout"] = ("Connection Timeout", Same),
        ["connect-timeout"] = ("Connection Timeout", Same),
        ["connectTimeout"] = ("Connection Timeout", MillisecondsToSeconds),
        ["connection_timeout"] = ("Connection Timeout", Same),
        ["application_name"] = ("Application Name", Same),
        ["program_name"] = ("Application Name", Same),
        ["compress"] = ("Use Compression", Boolean),
        ["tls-version"] = ("TLS Version", Same),
        ["tls_version"] = ("TLS Version", Same),
    };

    /// <summary>The parameter names this package maps, for messages.</summary>
    internal static IEnumerable<string> MappedNames => Mapped.Keys.Order(StringComparer.Ordinal);

    /// <summary>Maps a URL parameter to a MySqlConnector keyword and value.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The parameter value.</param>
    /// <returns>The keyword and value, or <see langword="null"/> when the name is not mapped.</returns>
    internal static (string Keyword, string Value)? Map(string name, string value) =>
        Mapped.TryGetValue(name, out var mapping) ? (mapping.Keyword, mapping.Value(value)) : null;

    private static string Same(string value) => value;

    // MySQL spells DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY; MySqlConnector's enum is VerifyCA / VerifyFull.
    private static string SslMode(string value)
    {
        var compact = value.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return compact.Equals("verifyidentity", StringComparison.OrdinalIgnoreCase) ? "VerifyFull" : compact;
    }

    private static string UseSsl(string value) => Boolean(value) switch
    {
        "true" => "Required",
        "false" => "Disabled",
        _ => value,
    };

    private static string Boolean(string value) => value.ToUpperInvariant() switch
    {
        "1" or "TRUE" or "YES" => "true",
        "0" or "FALSE" or "NO" => "false",
        _ => value,
    };

    // JDBC's connectTimeout is in milliseconds; MySqlConnector's Connection Timeout is in seconds.
    private static string MillisecondsToSeconds(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? (ms == 0 ? 0 : Math.Max(1, (ms + 999) / 1000)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value;
}
