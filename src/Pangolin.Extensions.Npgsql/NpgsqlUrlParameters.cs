namespace Pangolin.Extensions.Npgsql;

/// <summary>
/// libpq URL query parameters (<c>?sslmode=require&amp;application_name=x</c>) and the Npgsql keywords they map to.
/// Parameters not listed here are tried as Npgsql keywords; anything else is refused with a clear error.
/// </summary>
internal static class NpgsqlUrlParameters
{
    private static readonly Dictionary<string, (string Keyword, Func<string, string> Value)> Mapped = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = ("SSL Mode", SslMode),
        ["ssl_mode"] = ("SSL Mode", SslMode),
        ["application_name"] = ("Application Name", Same),
        ["fallback_application_name"] = ("Application Name", Same),
        ["connect_timeout"] = ("Timeout", Same),
        ["options"] = ("Options", Same),
        ["target_session_attrs"] = ("Target Session Attributes", Same),
        ["sslcert"] = ("SSL Certificate", Same),
        ["sslkey"] = ("SSL Key", Same),
        ["sslrootcert"] = ("Root Certificate", Same),
        ["sslpassword"] = ("SSL Password", Same),
        ["sslnegotiation"] = ("SSL Negotiation", Same),
        ["gssencmode"] = ("GSS Encryption Mode", Same),
        ["channel_binding"] = ("Channel Binding", Same),
        ["require_auth"] = ("Require Auth", Same),
        ["krbsrvname"] = ("Kerberos Service Name", Same),
        ["client_encoding"] = ("Client Encoding", Same),
        ["keepalives"] = ("Tcp Keepalive", Boolean),
        ["keepalives_idle"] = ("Tcp Keepalive Time", Same),
        ["keepalives_interval"] = ("Tcp Keepalive Interval", Same),
        ["load_balance_hosts"] = ("Load Balance Hosts", LoadBalance),
    };

    /// <summary>Parameters that name where to connect and who logs in; handled by the URL mapping itself.</summary>
    internal static readonly HashSet<string> Location = new(StringComparer.OrdinalIgnoreCase) { "host", "hostaddr", "port", "dbname", "user", "password" };

    /// <summary>The libpq names this package maps, for messages.</summary>
    internal static IEnumerable<string> MappedNames => Mapped.Keys.Order(StringComparer.Ordinal);

    /// <summary>Maps a libpq parameter to an Npgsql keyword and value.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The parameter value.</param>
    /// <returns>The Npgsql keyword and value, or <see langword="null"/> when the name is not a mapped libpq parameter.</returns>
    internal static (string Keyword, string Value)? Map(string name, string value) =>
        Mapped.TryGetValue(name, out var mapping) ? (mapping.Keyword, mapping.Value(value)) : null;

    private static string Same(string value) => value;

    // libpq writes verify-ca / verify-full; Npgsql's enum is VerifyCA / VerifyFull.
    private static string SslMode(string value) => value.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);

    private static string Boolean(string value) => value switch
    {
        "1" => "true",
        "0" => "false",
        _ => value,
    };

    private static string LoadBalance(string value) => value.ToUpperInvariant() switch
    {
        "RANDOM" => "true",
        "DISABLE" => "false",
        _ => value,
    };
}
