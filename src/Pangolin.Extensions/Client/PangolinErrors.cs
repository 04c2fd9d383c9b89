using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pangolin.Extensions.Client;

/// <summary>Turns a failed Pangolin response into a typed exception with the server's message.</summary>
internal static class PangolinErrors
{
    private const int MaxServerMessageLength = 500;

    public static async Task<PangolinException> FromResponseAsync(
        HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var serverMessage = ParseMessage(body, response.Content.Headers.ContentType);
        var status = response.StatusCode;
        var text = $"{operation} failed: HTTP {(int)status} ({status})" + (string.IsNullOrEmpty(serverMessage) ? "." : $": {serverMessage}");
        var requestId = response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : null;
        PangolinException exception = status switch
        {
            HttpStatusCode.Unauthorized => new PangolinAuthenticationException(text, status, serverMessage),
            HttpStatusCode.Forbidden => new PangolinAuthorizationException(text, status, serverMessage),
            HttpStatusCode.NotFound => new PangolinNotFoundException(text, status, serverMessage),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.UnsupportedMediaType
                or HttpStatusCode.RequestEntityTooLarge => new PangolinValidationException(text, status, serverMessage),
            HttpStatusCode.TooManyRequests => new PangolinRateLimitedException(text, serverMessage, RetryAfter(response)),
            _ => new PangolinServerException(text, status, serverMessage),
        };
        return WithRequestId(exception, requestId);
    }

    public static PangolinServerException Unreachable(Uri server, string operation, Exception cause) =>
        new($"{operation} failed: the Pangolin server at {server.GetLeftPart(UriPartial.Authority)} could not be reached ({cause.GetType().Name}: {Sanitize(cause.Message)}).", null, null, cause);

    public static PangolinServerException TimedOut(Uri server, string operation, TimeSpan timeout, Exception cause) =>
        new($"{operation} failed: the Pangolin server at {server.GetLeftPart(UriPartial.Authority)} did not answer within {timeout.TotalSeconds:0.#} s.", null, null, cause);

    /// <summary>Extracts the human message from any of Pangolin's error body shapes (contract §4.1).</summary>
    public static string? ParseMessage(string? body, MediaTypeHeaderValue? contentType)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.Trim();
        var looksJson = contentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
            || trimmed.StartsWith('{');
        if (looksJson)
        {
            try
            {
                using var document = JsonDocument.Parse(trimmed);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                        && message.ValueKind == JsonValueKind.String)
                    {
                        return Truncate(message.GetString());
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return Truncate(error.GetString());
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall back to the raw text.
            }
        }

        return Truncate(trimmed);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return response.Headers.TryGetValues("retry-after", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static T WithRequestId<T>(T exception, string? requestId)
        where T : PangolinException
    {
        exception.RequestId = requestId;
        return exception;
    }

    private static string? Truncate(string? message) =>
        message is { Length: > MaxServerMessageLength } ? string.Concat(message.AsSpan(0, MaxServerMessageLength), "…") : message;

    // Socket errors can carry the URI; strip any user-info that might hold credentials.
    private static string Sanitize(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"//[^/@\s]+@", "//***@");
}
