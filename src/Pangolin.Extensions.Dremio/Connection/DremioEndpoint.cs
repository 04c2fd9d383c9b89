using System.Globalization;
using Pangolin.Extensions.Drivers;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// Where a Dremio Flight endpoint is: parsed from <c>grpc://host:port</c>, <c>grpc+tcp://host:port</c> or
/// <c>grpc+tls://host:port</c>. Fixes pypangolin's weak spots (contract §5.5): a string without a scheme is an error
/// (pypangolin silently connects to Dremio Cloud), a missing port defaults per scheme (32010 plain, 443 TLS) instead of
/// 443 without TLS, a trailing <c>/</c> is accepted, IPv6 works.
/// </summary>
internal sealed record DremioEndpoint(string Host, int Port, bool Tls, bool PortDefaulted)
{
    /// <summary>Dremio's default Arrow Flight port.</summary>
    public const int DefaultPlainPort = 32010;

    /// <summary>The default port with TLS (Dremio Cloud).</summary>
    public const int DefaultTlsPort = 443;

    /// <summary>The scheme, <c>grpc</c> or <c>grpc+tls</c>.</summary>
    public string Scheme => Tls ? "grpc+tls" : "grpc";

    /// <summary>The HTTP/2 address gRPC connects to.</summary>
    public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "https" : "http")}://{HostForUri}:{Port}/"));

    private string HostForUri => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    /// <summary>Parses a connection string.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="error">What is wrong (never a credential).</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(string connectionString, out DremioEndpoint? endpoint, out string? error)
    {
        endpoint = null;
        var text = connectionString.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            error = "the connection string has no scheme; write grpc://host:32010 or grpc+tls://host:443 "
                + "(pypangolin would silently connect to Dremio Cloud, data.dremio.cloud:443, instead).";
            return false;
        }

        if (!ConnectionUri.TryParse(text, out var uri, out error))
        {
            return false;
        }

        var tls = uri.Scheme switch
        {
            "grpc+tls" => true,
            "grpc" or "grpc+tcp" => false,
            _ => (bool?)null,
        };
        error = tls is null ? $"the scheme '{uri.Scheme}://' is not an Arrow Flight scheme (grpc://, grpc+tcp:// or grpc+tls://)."
            : uri.UserName is not null ? "the connection string carries credentials; store them as encrypted credentials (username/password or token) instead."
            : uri.Hosts.Count != 1 ? "the connection string must name exactly one host."
            : uri.Database is not null ? "the connection string has a path, which Arrow Flight does not use."
            : uri.Parameters.Count > 0 ? "the connection string has query parameters, which Arrow Flight does not use; put client properties in the connection's Settings."
            : null;
        if (error is not null)
        {
            return false;
        }

        var host = uri.Hosts[0];
        endpoint = new DremioEndpoint(host.Host, host.Port ?? (tls!.Value ? DefaultTlsPort : DefaultPlainPort), tls!.Value, host.Port is null);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{HostForUri}:{Port}");
}
