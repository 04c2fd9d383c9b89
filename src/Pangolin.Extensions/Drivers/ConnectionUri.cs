using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pangolin.Extensions.Drivers;

/// <summary>
/// A URL-style connection string, parsed the way database URLs are written (libpq, JDBC-less drivers, pypangolin
/// docs): <c>scheme://[user[:password]@]host[:port][,host2[:port2]...][/database][?key=value&amp;...]</c>.
/// Handles IPv6 literals (<c>[::1]:5432</c>), multiple hosts, percent-encoding and query parameters, fixing the
/// weak spots of pypangolin's split-based parser (contract §5.5).
/// </summary>
public sealed class ConnectionUri
{
    private ConnectionUri(string scheme, string? userName, string? password, IReadOnlyList<ConnectionHost> hosts, string? database, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        Scheme = scheme;
        UserName = userName;
        Password = password;
        Hosts = hosts;
        Database = database;
        Parameters = parameters;
    }

    /// <summary>The scheme, lowercase (<c>postgresql</c>, <c>mysql</c>, …).</summary>
    public string Scheme { get; }

    /// <summary>The decoded user name from the user-info part, if any.</summary>
    public string? UserName { get; }

    /// <summary>The decoded password from the user-info part, if any. Secret.</summary>
    public string? Password { get; }

    /// <summary>The hosts, in order; empty when the URL names none.</summary>
    public IReadOnlyList<ConnectionHost> Hosts { get; }

    /// <summary>The decoded database (the first path segment), or <see langword="null"/>.</summary>
    public string? Database { get; }

    /// <summary>The decoded query parameters, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>Whether the string looks like a URL (<c>scheme://</c>).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns><see langword="true"/> if it has a <c>scheme://</c> prefix.</returns>
    public static bool IsUrl([NotNullWhen(true)] string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        var index = connectionString.IndexOf("://", StringComparison.Ordinal);
        return index > 0 && connectionString.AsSpan(0, index).IndexOfAny("=;") < 0;
    }

    /// <summary>Parses a URL-style connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The parsed URL.</returns>
    /// <exception cref="FormatException">The string is not a valid connection URL; the message never repeats the password.</exception>
    public static ConnectionUri Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0)
        {
            throw new FormatException("The connection string is not a URL: it has no 'scheme://' prefix.");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        var rest = text[(schemeEnd + 3)..];

        string? query = null;
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        if (queryStart >= 0)
        {
            query = rest[(queryStart + 1)..];
            rest = rest[..queryStart];
        }

        // The user-info ends at the last '@' before the query: pypangolin writes MongoDB credentials unescaped, so a
        // legacy password may contain '@', ':' and '/' (contract §5.5). The price: an '@' in a database name must be
        // percent-encoded (%40).
        var pathStart = rest.IndexOf('/', Math.Max(0, rest.LastIndexOf('@') + 1));
        var authority = pathStart >= 0 ? rest[..pathStart] : rest;
        var path = pathStart >= 0 ? rest[(pathStart + 1)..] : string.Empty;

        string? user = null;
        string? password = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = authority[..at];
            authority = authority[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Decode(colon >= 0 ? userInfo[..colon] : userInfo);
            password = colon >= 0 ? Decode(userInfo[(colon + 1)..]) : null;
            if (user.Length == 0)
            {
                user = null;
            }
        }

        var hosts = new List<ConnectionHost>();
        if (authority.Length > 0)
        {
            foreach (var part in authority.Split(','))
            {
                hosts.Add(ParseHost(part));
            }
        }

        var database = path.Split('/', 2)[0];
        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(query))
        {
            foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Decode(eq >= 0 ? pair[..eq] : pair);
                var value = eq >= 0 ? Decode(pair[(eq + 1)..]) : string.Empty;
                parameters.Add(new(key, value));
            }
        }

        return new ConnectionUri(scheme, user, password, hosts, database.Length == 0 ? null : Decode(database), parameters);
    }

    /// <summary>Tries to parse a URL-style connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="uri">The parsed URL.</param>
    /// <param name="error">What is wrong, otherwise (never the password).</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string? connectionString, [NotNullWhen(true)] out ConnectionUri? uri, [NotNullWhen(false)] out string? error)
    {
        uri = null;
        if (connectionString is null)
        {
            error = "The connection string is empty.";
            return false;
        }

        try
        {
            uri = Parse(connectionString);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Gets a query parameter (case-insensitive name), the last one winning.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetParameter(string name) =>
        Parameters.LastOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Describes the URL without the password.</summary>
    /// <returns>A redacted description.</returns>
    public override string ToString() =>
        $"{Scheme}://{(UserName is null ? string.Empty : UserName + (Password is null ? string.Empty : ":***") + "@")}{string.Join(',', Hosts)}"
        + $"{(Database is null ? string.Empty : "/" + Database)}{(Parameters.Count == 0 ? string.Empty : "?" + string.Join('&', Parameters.Select(p => $"{p.Key}={p.Value}")))}";

    private static ConnectionHost ParseHost(string part)
    {
        if (part.StartsWith('['))
        {
            var close = part.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException("The connection string has an IPv6 host without a closing ']'.");
            }

            var host = part[1..close];
            var after = part[(close + 1)..];
            return after.Length == 0 ? new ConnectionHost(host, null)
                : after[0] == ':' ? new ConnectionHost(host, ParsePort(after[1..]))
                : throw new FormatException("The connection string has unexpected text after an IPv6 host.");
        }

        var colon = part.LastIndexOf(':');
        if (colon >= 0 && part.IndexOf(':', StringComparison.Ordinal) != colon)
        {
            throw new FormatException("The connection string has an IPv6 host that is not in brackets; write it as [::1]:5432.");
        }

        var name = Decode(colon >= 0 ? part[..colon] : part);
        if (name.Length == 0)
        {
            throw new FormatException("The connection string has an empty host.");
        }

        return new ConnectionHost(name, colon >= 0 ? ParsePort(part[(colon + 1)..]) : null);
    }

    private static int? ParsePort(string text) =>
        text.Length == 0 ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : throw new FormatException($"The connection string's port '{text}' is not a number between 1 and 65535.");

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text);
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}

/// <summary>A host and optional port of a <see cref="ConnectionUri"/>.</summary>
/// <param name="Host">The host name or address (IPv6 without brackets).</param>
/// <param name="Port">The port, or <see langword="null"/> for the driver's default.</param>
public sealed record ConnectionHost(string Host, int? Port)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return Port is null ? host : $"{host}:{Port.Value.ToString(CultureInfo.InvariantCulture)}";
    }
}
