using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Logging;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.BigQuery.Diagnostics;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.BigQuery.Credentials;

/// <summary>
/// Turns a resolved <c>bigquery</c> asset (pypangolin's <c>BigQueryAsset</c>: credentials <c>project_id</c> and
/// <c>credentials_json</c>) into a <see cref="PangolinBigQueryConnection"/>.
/// </summary>
internal static class BigQueryConnectionFactory
{
    private const string ProjectIdCredential = "project_id";
    private const string CredentialsJsonCredential = "credentials_json";
    private const string Scheme = "bigquery://";

    /// <summary>Builds the connection.</summary>
    /// <param name="resolved">The resolved asset.</param>
    /// <param name="options">The connection's options.</param>
    /// <param name="settings">The package settings.</param>
    /// <param name="settingsPath">The configuration path of the settings, for messages.</param>
    /// <param name="logger">A logger.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="PangolinConnectionException">The asset is not usable; the message never contains key material.</exception>
    public static PangolinBigQueryConnection Create(
        ResolvedConnection resolved, PangolinConnectionOptions? options, PangolinBigQuerySettings settings, string settingsPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(settings);
        resolved.EnsureType(ConnectionType.BigQuery);
        var credentials = DriverCredentials.Sort(resolved, options, [ProjectIdCredential, CredentialsJsonCredential], []);
        List<string> ignored = [.. credentials.Ignored, .. credentials.PassThrough.Keys];
        if (ignored.Count > 0)
        {
            BigQueryLog.CredentialsIgnored(logger, resolved.Name, ignored);
        }

        var projectId = ResolveProject(resolved, credentials.Consumed.GetValueOrDefault(ProjectIdCredential), logger);
        var scopes = settings.EffectiveScopes;
        GoogleCredential credential;
        string type;
        string? email = null;
        if (credentials.Consumed.TryGetValue(CredentialsJsonCredential, out var json))
        {
            (credential, type, email) = FromJson(resolved, json, settings);
        }
        else if (settings.AllowApplicationDefaultCredentials)
        {
            BigQueryLog.UsingApplicationDefaultCredentials(logger, resolved.Name);
            credential = ApplicationDefault(resolved);
            type = BigQueryCredentialTypes.ApplicationDefault;
        }
        else
        {
            throw Invalid(resolved,
                "the asset has no 'credentials_json' credential, and Application Default Credentials are not allowed for this connection. "
                + $"Store the service-account JSON in the asset's 'credentials_json' credential, or set '{settingsPath}:AllowApplicationDefaultCredentials' to true.");
        }

        credential = credential.CreateScoped(scopes);
        BigQueryLog.Resolved(logger, resolved.Name, projectId, type, email ?? "-", scopes);
        return new PangolinBigQueryConnection(resolved.Name, projectId, credential, type, email, scopes);
    }

    private static string ResolveProject(ResolvedConnection resolved, string? credential, ILogger logger)
    {
        var fromUrl = ProjectFromConnectionString(resolved.ConnectionString);
        if (!string.IsNullOrWhiteSpace(credential))
        {
            if (fromUrl is not null && !string.Equals(fromUrl, credential, StringComparison.Ordinal))
            {
                BigQueryLog.UrlProjectIgnored(logger, resolved.Name, credential, fromUrl);
            }

            return credential;
        }

        return fromUrl ?? throw Invalid(resolved,
            "it names no Google Cloud project: the asset has no 'project_id' credential and its connection string is not bigquery://<project-id>.");
    }

    /// <summary>The project of <c>bigquery://project-id[/…][?…]</c>, percent-decoded; domain-scoped ids (<c>example.com:proj</c>) are kept whole.</summary>
    internal static string? ProjectFromConnectionString(string connectionString)
    {
        var text = connectionString.Trim();
        if (!text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = text[Scheme.Length..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        var project = end >= 0 ? rest[..end] : rest;
        try
        {
            project = Uri.UnescapeDataString(project);
        }
        catch (UriFormatException)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(project) ? null : project;
    }

    private static (GoogleCredential Credential, string Type, string? Email) FromJson(ResolvedConnection resolved, string json, PangolinBigQuerySettings settings)
    {
        string? type;
        string? email;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(resolved, "the 'credentials_json' credential is not a JSON object.");
            }

            type = ReadString(document.RootElement, "type");
            email = ReadString(document.RootElement, "client_email");
        }
        catch (JsonException ex)
        {
            // The parser's message can quote a character of the input; report only where it broke.
            throw Invalid(resolved, $"the 'credentials_json' credential is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        if (string.IsNullOrWhiteSpace(type))
        {
            throw Invalid(resolved, "the 'credentials_json' credential has no \"type\" (such as \"service_account\").");
        }

        if (!BigQueryCredentialTypes.All.Contains(type, StringComparer.Ordinal))
        {
            throw Invalid(resolved, $"the 'credentials_json' credential has a \"type\" that Google.Apis.Auth does not load. Known: {string.Join(", ", BigQueryCredentialTypes.All)}.");
        }

        if (!settings.EffectiveCredentialTypes.Contains(type, StringComparer.Ordinal))
        {
            throw Invalid(resolved,
                $"the 'credentials_json' credential is of type '{type}', which this connection does not accept (accepted: {string.Join(", ", settings.EffectiveCredentialTypes)}). "
                + "Add it to the connection's AllowedCredentialTypes setting if the asset is trusted to carry it.");
        }

        try
        {
            var credential = CredentialFactory.FromJson(json, type);
            return (credential, type, type == JsonCredentialParameters.ServiceAccountCredentialType ? email : null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException or CryptographicException or Newtonsoft.Json.JsonException)
        {
            // Google.Apis.Auth's own messages name the problem ("does not represent a valid service account
            // credential"), never the key; other exception messages are left out in case they quote input.
            var detail = ex is InvalidOperationException ? ex.Message : $"{ex.GetType().Name} while reading it";
            throw Invalid(resolved, $"the 'credentials_json' credential is not a usable '{type}' credential: {detail}", ex);
        }
    }

    private static GoogleCredential ApplicationDefault(ResolvedConnection resolved)
    {
        try
        {
            return GoogleCredential.GetApplicationDefault();
        }
        catch (InvalidOperationException ex)
        {
            throw Invalid(resolved, $"the asset has no 'credentials_json' credential and Application Default Credentials are not available: {ex.Message}", ex);
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static PangolinConnectionException Invalid(ResolvedConnection resolved, string detail, Exception? inner = null) =>
        new(ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference, detail, inner);
}
