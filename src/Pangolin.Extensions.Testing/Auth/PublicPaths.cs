namespace Pangolin.Extensions.Testing;

/// <summary>The paths that skip authentication (exact, structural matches as in <c>public_paths.rs</c>).</summary>
internal static class PublicPaths
{
    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        "/health",
        "/health/live",
        "/health/ready",
        "/metrics",
        "/api/v1/users/login",
        "/api/v1/app-config",
        "/v1/config",
        "/api/v1/oauth/exchange",
        "/api/v1/oauth/providers",
    };

    public static bool IsPublic(string path)
    {
        if (Exact.Contains(path))
        {
            return true;
        }

        if (UnderPrefix(path, "/swagger-ui") || UnderPrefix(path, "/api-docs"))
        {
            return true;
        }

        var s = path.Split('/');

        // s[0] is the empty segment before the leading '/'.
        return s.Length switch
        {
            // /v1/{p}/config, /oauth/authorize/{provider}, /oauth/callback/{provider}
            4 => (s[1] == "v1" && s[3] == "config" && s[2].Length > 0)
                || (s[1] == "oauth" && (s[2] == "authorize" || s[2] == "callback") && s[3].Length > 0),

            // /v1/{p}/v1/config, /v1/{p}/oauth/tokens
            5 => s[1] == "v1" && s[2].Length > 0
                && ((s[3] == "v1" && s[4] == "config") || (s[3] == "oauth" && s[4] == "tokens")),

            // /v1/{p}/v1/oauth/tokens
            6 => s[1] == "v1" && s[2].Length > 0 && s[3] == "v1" && s[4] == "oauth" && s[5] == "tokens",

            // /api/v1/iceberg/{p}/oauth/tokens
            7 => s[1] == "api" && s[2] == "v1" && s[3] == "iceberg" && s[4].Length > 0
                && s[5] == "oauth" && s[6] == "tokens",

            // /api/v1/iceberg/{p}/v1/oauth/tokens
            8 => s[1] == "api" && s[2] == "v1" && s[3] == "iceberg" && s[4].Length > 0
                && s[5] == "v1" && s[6] == "oauth" && s[7] == "tokens",
            _ => false,
        };
    }

    private static bool UnderPrefix(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
