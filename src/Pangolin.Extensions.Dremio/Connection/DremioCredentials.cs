using System.Globalization;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Dremio;

/// <summary>
/// The Dremio credentials of a resolved connection, in pypangolin's names: <c>token</c> (a personal access token,
/// preferred) or <c>username</c>/<c>password</c>; <c>project_id</c> (Dremio Cloud); <c>disable_certificate_verification</c>
/// (Python's <c>True</c>/<c>False</c> accepted). Allow-listed extra credentials become client-property headers.
/// <see cref="ToString"/> shows no secret.
/// </summary>
internal sealed class DremioCredentials
{
    private static readonly string[] Consumed = ["token", "username", "password", "project_id", "disable_certificate_verification", "tls"];
    private static readonly string[] Location = ["host", "hostname", "port"];

    private DremioCredentials()
    {
    }

    public string? Token { get; private init; }

    public string? Username { get; private init; }

    public string? Password { get; private init; }

    public string? ProjectId { get; private init; }

    public bool DisableCertificateVerification { get; private init; }

    /// <summary>Whether a <c>tls</c> credential was present (the docs show one; TLS comes from the scheme only).</summary>
    public bool TlsCredentialIgnored { get; private init; }

    /// <summary>Whether both a token and a user name/password were present (the token wins, as in pypangolin).</summary>
    public bool PasswordIgnoredForToken { get; private init; }

    public IReadOnlyDictionary<string, string> ClientProperties { get; private init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> LocationOverrides { get; private init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Ignored { get; private init; } = [];

    /// <summary>How this connection authenticates, for logs.</summary>
    public string Mode => Token is not null ? "personal access token" : "user name and password";

    /// <summary>Every secret value, for scrubbing messages that come back from the server.</summary>
    public IEnumerable<string> Secrets =>
        new[] { Token, Password }.Concat(ClientProperties.Values).OfType<string>().Where(s => s.Length > 0);

    public static DremioCredentials From(ResolvedConnection resolved, PangolinConnectionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var sorted = DriverCredentials.Sort(resolved, options, Consumed, Location);
        var values = sorted.Consumed;
        bool disable;
        try
        {
            disable = resolved.Credentials.GetBoolean("disable_certificate_verification") ?? false;
        }
        catch (FormatException ex)
        {
            throw Invalid(resolved, ex.Message);
        }

        foreach (var name in sorted.PassThrough.Keys)
        {
            if (DremioHeaders.Problem(name) is { } problem)
            {
                throw Invalid(resolved, $"the credential '{name}' cannot be sent as a client property: the name {problem}");
            }
        }

        var token = Empty(values.GetValueOrDefault("token"));
        var username = Empty(values.GetValueOrDefault("username"));
        var password = values.GetValueOrDefault("password");
        if (token is null && (username is null || string.IsNullOrEmpty(password)))
        {
            throw Invalid(resolved, username is null
                ? "it has neither a 'token' credential (personal access token) nor 'username' and 'password'."
                : "it has a 'username' but no 'password' (and no 'token').");
        }

        return new DremioCredentials
        {
            Token = token,
            Username = token is null ? username : null,
            Password = token is null ? password : null,
            PasswordIgnoredForToken = token is not null && (username is not null || password is not null),
            ProjectId = Empty(values.GetValueOrDefault("project_id")),
            DisableCertificateVerification = disable,
            TlsCredentialIgnored = values.ContainsKey("tls"),
            ClientProperties = sorted.PassThrough.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value, StringComparer.Ordinal),
            LocationOverrides = sorted.LocationOverrides,
            Ignored = sorted.Ignored,
        };
    }

    /// <summary>Applies allowed <c>host</c>/<c>hostname</c>/<c>port</c> credentials to an endpoint.</summary>
    public DremioEndpoint Apply(DremioEndpoint endpoint, ResolvedConnection resolved)
    {
        var host = LocationOverrides.GetValueOrDefault("host") ?? LocationOverrides.GetValueOrDefault("hostname");
        var port = LocationOverrides.GetValueOrDefault("port");
        if (port is not null)
        {
            endpoint = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= 65535
                ? endpoint with { Port = number, PortDefaulted = false }
                : throw Invalid(resolved, "the 'port' credential is not a port number.");
        }

        return host is null ? endpoint : endpoint with { Host = host };
    }

    public override string ToString() =>
        $"DremioCredentials {{ Mode = {Mode}, ProjectId = {(ProjectId is null ? "none" : "set")}, ClientProperties = [{string.Join(", ", ClientProperties.Keys)}] }}";

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, "Dremio: " + detail);
}
