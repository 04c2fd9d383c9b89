using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Picks the key text out of a secret value: the whole <c>SecretString</c>, one field of a JSON <c>SecretString</c>,
/// or a <c>SecretBinary</c> (32 raw bytes become a Fernet key text; UTF-8 text is used as text). Messages name
/// fields, never values.
/// </summary>
internal static class SecretKeyReader
{
    private const int MaxListedFields = 20;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the key text.</summary>
    /// <param name="providerName">The provider name, for messages.</param>
    /// <param name="reference">The reference.</param>
    /// <param name="value">The secret value.</param>
    /// <returns>The key text.</returns>
    /// <exception cref="KeyProviderException">The field is missing (<see cref="KeyProviderException.NotFound"/>) or the value has the wrong shape.</exception>
    public static string Read(string providerName, AwsSecretReference reference, SecretValue value)
    {
        var prefix = AwsErrorMessages.Prefix(providerName, reference);
        var text = value.SecretString;
        if (text is null && value.SecretBinary is { } binary)
        {
            try
            {
                if (binary.Length == FernetKey.KeySizeInBytes && reference.Field is null)
                {
                    return new FernetKey(binary).Export();
                }

                try
                {
                    text = StrictUtf8.GetString(binary);
                }
                catch (DecoderFallbackException)
                {
                    throw new KeyProviderException(
                        $"{prefix}: the SecretBinary is {binary.Length} bytes and not text: a binary key must be the {FernetKey.KeySizeInBytes} raw key bytes "
                        + "or the key's base64url text.");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(binary);
            }
        }

        if (text is null)
        {
            throw new KeyProviderException($"{prefix}: the secret version has neither a SecretString nor a SecretBinary.") { NotFound = true };
        }

        return reference.Field is null ? WholeValue(prefix, reference, text) : FieldValue(prefix, reference, reference.Field, text);
    }

    private static string WholeValue(string prefix, AwsSecretReference reference, string text)
    {
        // A Fernet key never starts with '{': a JSON object here means the reference lacks '#field'.
        if (text.AsSpan().TrimStart().StartsWith("{") && TryReadObjectFieldNames(text, out var names))
        {
            throw new KeyProviderException(
                $"{prefix}: the secret holds a JSON object, not a key: name the field that holds the key, as in 'aws:{reference.SecretId}#FIELD' "
                + $"(fields: {ListNames(names)}).");
        }

        return text;
    }

    private static string FieldValue(string prefix, AwsSecretReference reference, string field, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // The parser's message quotes the text it choked on: it must not reach the user.
            throw new KeyProviderException(
                $"{prefix}: the field '{field}' was asked for, but the secret value is not JSON. "
                + $"Reference the whole value without '#{field}' ('aws:{reference.SecretId}'), or store a JSON object.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new KeyProviderException(
                    $"{prefix}: the field '{field}' was asked for, but the secret value is a JSON {Describe(root.ValueKind)}, not an object.");
            }

            JsonElement? found = null;
            var names = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                names.Add(property.Name);
                if (property.NameEquals(field))
                {
                    found = property.Value; // the last one wins, as in Python's json.loads
                }
            }

            if (found is not { } element)
            {
                var near = names.FirstOrDefault(n => n.Equals(field, StringComparison.OrdinalIgnoreCase));
                throw new KeyProviderException(
                    $"{prefix}: the JSON secret has no field '{field}'"
                    + (near is null ? string.Empty : $" (field names are case-sensitive: did you mean '{near}'?)")
                    + $". Fields: {ListNames(names)}.")
                { NotFound = true };
            }

            return element.ValueKind == JsonValueKind.String
                ? element.GetString()!
                : throw new KeyProviderException($"{prefix}: the field '{field}' is a JSON {Describe(element.ValueKind)}, not a string holding the key.");
        }
    }

    private static bool TryReadObjectFieldNames(string text, out List<string> names)
    {
        names = [];
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            names.AddRange(document.RootElement.EnumerateObject().Select(p => p.Name));
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string ListNames(List<string> names)
    {
        if (names.Count == 0)
        {
            return "none";
        }

        var sorted = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", sorted.Take(MaxListedFields).Select(n => $"'{n}'"));
        return sorted.Count > MaxListedFields ? $"{shown} and {sorted.Count - MaxListedFields} more" : shown;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };
}
