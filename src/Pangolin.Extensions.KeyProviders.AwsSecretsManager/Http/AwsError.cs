using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// An error answer from AWS: the code from the <c>x-amzn-ErrorType</c> header, the JSON body
/// (<c>{"__type": "…", "message": "…"}</c>) or, as some front ends and emulators answer authentication failures, an
/// XML body (<c>&lt;Error&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Message&gt;…&lt;/Message&gt;</c>).
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The AWS error code, such as <c>ResourceNotFoundException</c>, if one was found.</param>
/// <param name="Message">The AWS message, shortened, if any.</param>
internal sealed partial record AwsError(HttpStatusCode Status, string? Code, string? Message)
{
    private const int MaxMessageLength = 400;

    private static readonly HashSet<string> RetryableCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "InternalServiceError", "InternalServiceErrorException",
        "InternalFailure", "InternalError", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException",
        "RequestTimeout", "RequestTimeoutException",
    };

    /// <summary>Whether the request may succeed when sent again: throttling, HTTP 429 and 5xx.</summary>
    public bool IsRetryable =>
        (int)Status == 429 || (int)Status >= 500 || (Code is not null && RetryableCodes.Contains(Code));

    /// <summary>The code and the status for messages: <c>ThrottlingException, HTTP 400</c>.</summary>
    public string Describe() => Code is null ? $"HTTP {(int)Status}" : $"{Code}, HTTP {(int)Status}";

    /// <summary>Reads an error answer.</summary>
    /// <param name="response">The response.</param>
    /// <param name="body">Its body text.</param>
    /// <returns>The error.</returns>
    public static AwsError Parse(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? code = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { Length: > 0 } header)
        {
            code = NormalizeCode(header);
        }

        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.StartsWith("{"))
        {
            ReadJson(body, ref code, ref message);
        }
        else if (trimmed.StartsWith("<"))
        {
            code ??= XmlCode().Match(body) is { Success: true } c ? NormalizeCode(c.Groups[1].Value) : null;
            message = XmlMessage().Match(body) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        }

        return new AwsError(response.StatusCode, string.IsNullOrWhiteSpace(code) ? null : code, Shorten(message));
    }

    private static void ReadJson(string body, ref string? code, ref string? message)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("__type") || (code is null && property.Name.Equals("code", StringComparison.OrdinalIgnoreCase)))
                {
                    code = NormalizeCode(property.Value.GetString()!);
                }
                else if (property.Name.Equals("message", StringComparison.OrdinalIgnoreCase))
                {
                    message = property.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the status alone has to do.
        }
    }

    /// <summary><c>com.amazonaws.secretsmanager#ResourceNotFoundException</c> and <c>ResourceNotFoundException:http://…</c> → <c>ResourceNotFoundException</c>.</summary>
    private static string NormalizeCode(string code)
    {
        var text = code.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            text = text[..colon];
        }

        var hash = text.LastIndexOf('#');
        return hash >= 0 ? text[(hash + 1)..] : text;
    }

    private static string? Shorten(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var text = message.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    [GeneratedRegex("<Code>\\s*([^<]+?)\\s*</Code>", RegexOptions.CultureInvariant)]
    private static partial Regex XmlCode();

    [GeneratedRegex("<Message>\\s*([^<]*?)\\s*</Message>", RegexOptions.CultureInvariant)]
    private static partial Regex XmlMessage();
}
