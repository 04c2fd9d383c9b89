using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Pangolin.Extensions.Testing.Tests;

/// <summary>Plain HttpClient helpers: exact bodies, exact content types.</summary>
internal static class TestHttp
{
    public const string Text = "text/plain; charset=utf-8";
    public const string Json = "application/json";
    public const string NilTenant = "00000000-0000-0000-0000-000000000000";

    public static HttpClient HttpFor(PangolinEmulator emulator) => new() { BaseAddress = emulator.BaseAddress };

    public static HttpContent JsonBody(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJson(this HttpClient http, string path, string json) =>
        http.PostAsync(path, JsonBody(json));

    public static async Task<HttpResponseMessage> Send(
        this HttpClient http, HttpMethod method, string path, string? json = null, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = JsonBody(json);
        }

        headers?.Invoke(request.Headers);
        return await http.SendAsync(request);
    }

    public static string ContentType(HttpResponseMessage response) =>
        response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : string.Empty;

    /// <summary>Asserts status, exact content type and exact body.</summary>
    public static async Task AssertBody(HttpResponseMessage response, HttpStatusCode status, string contentType, string body)
    {
        var actual = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {actual}");
        Assert.Equal(contentType, ContentType(response));
        Assert.Equal(body, actual);
    }

    public static Task AssertText(HttpResponseMessage response, HttpStatusCode status, string body) =>
        AssertBody(response, status, Text, body);

    public static async Task AssertEmpty(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(Json, ContentType(response));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts the Iceberg REST error envelope.</summary>
    public static async Task AssertIceberg(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        var code = (int)status;
        await AssertBody(response, status, Json, $$$"""{"error":{"message":"{{{message}}}","type":"{{{type}}}","code":{{{code}}}}}""");
    }

    public static void Bearer(HttpRequestHeaders headers, string token) =>
        headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public static string BasicValue(string user, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    public static async Task<string> Login(HttpClient http, string username, string password, string? tenantId = null)
    {
        var tenant = tenantId is null ? string.Empty : $$""","tenant-id":"{{tenantId}}" """.TrimEnd();
        using var response = await http.PostJson("/api/v1/users/login", $$"""{"username":"{{username}}","password":"{{password}}"{{tenant}}}""");
        var json = await ReadJson(response, HttpStatusCode.OK);
        return json.GetProperty("token").GetString()!;
    }

    public const string RegisterPg =
        """{"name":"pg","kind":"DB_CONN_STRING","location":"postgresql://db:5432/prod","properties":{"connection_type":"postgresql","encrypted_password":"gAAAA"}}""";
}
