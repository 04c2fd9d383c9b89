namespace Pangolin.Extensions.Dremio;

/// <summary>Rules for client-property headers (from settings or allow-listed credentials).</summary>
internal static class DremioHeaders
{
    /// <summary>The bearer or basic credential.</summary>
    public const string Authorization = "authorization";

    /// <summary>Session and project cookies.</summary>
    public const string Cookie = "cookie";

    /// <summary>Cookies set by the server.</summary>
    public const string SetCookie = "set-cookie";

    /// <summary>What is wrong with a header name, or <see langword="null"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The problem.</returns>
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "is empty.";
        }

        var lower = name.ToLowerInvariant();
        if (lower is Authorization or Cookie || lower.StartsWith("grpc-", StringComparison.Ordinal) || lower.StartsWith(':'))
        {
            return "is managed by the client and may not be set.";
        }

        if (lower.EndsWith("-bin", StringComparison.Ordinal) || lower.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return "is not a valid gRPC header name (ASCII letters, digits, '-', '_', '.').";
        }

        return null;
    }
}
