using System.Text;

namespace Pangolin.Extensions.MongoDB;

/// <summary>
/// Raw text surgery on a MongoDB URL, done before the driver parses it: removes the user-info (pypangolin-era
/// strings carry unescaped passwords that <c>MongoUrl</c> cannot parse; credentials are set on the builder instead) and
/// merges connection-string options. The user-info ends at the last <c>@</c> before the path, as in
/// <see cref="Drivers.ConnectionUri"/>.
/// </summary>
internal static class MongoUrlText
{
    /// <summary>Returns the URL without its user-info (<c>user:password@</c>).</summary>
    /// <param name="url">The URL, <c>scheme://…</c>.</param>
    /// <returns>The URL without user-info.</returns>
    public static string WithoutUserInfo(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = url[(schemeEnd + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var beforeQuery = queryStart >= 0 ? rest[..queryStart] : rest;
        var at = beforeQuery.LastIndexOf('@');
        return at < 0 ? url : url[..(schemeEnd + 3)] + rest[(at + 1)..];
    }

    /// <summary>Sets options in the URL's query, replacing options of the same name (compared case-insensitively).</summary>
    /// <param name="url">A URL without user-info.</param>
    /// <param name="options">The options, in order; later ones win.</param>
    /// <returns>The URL with the options.</returns>
    public static string WithOptions(string url, IEnumerable<KeyValuePair<string, string>> options)
    {
        var merged = new List<KeyValuePair<string, string>>();
        foreach (var option in options)
        {
            merged.RemoveAll(o => string.Equals(o.Key, option.Key, StringComparison.OrdinalIgnoreCase));
            merged.Add(option);
        }

        if (merged.Count == 0)
        {
            return url;
        }

        var queryStart = url.IndexOf('?', StringComparison.Ordinal);
        var head = queryStart >= 0 ? url[..queryStart] : url;
        var query = queryStart >= 0 ? url[(queryStart + 1)..] : string.Empty;
        var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !merged.Any(o => string.Equals(o.Key, Uri.UnescapeDataString(pair.Split('=', 2)[0]), StringComparison.OrdinalIgnoreCase)));

        // A MongoDB URL needs a '/' between the hosts and the options.
        var schemeEnd = head.IndexOf("://", StringComparison.Ordinal);
        if (head.IndexOf('/', schemeEnd + 3) < 0)
        {
            head += "/";
        }

        var text = new StringBuilder(head).Append('?');
        text.AppendJoin('&', kept.Concat(merged.Select(o => Uri.EscapeDataString(o.Key) + "=" + Uri.EscapeDataString(o.Value))));
        return text.ToString();
    }
}
