using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>A <c>GetSecretValue</c> answer. Holds secret material: never log or format it.</summary>
/// <param name="SecretString">The text value, if the secret has one.</param>
/// <param name="SecretBinary">The binary value (decoded from base64), if the secret has one.</param>
/// <param name="VersionId">The version returned.</param>
/// <param name="VersionStages">The staging labels of that version.</param>
internal sealed record SecretValue(string? SecretString, byte[]? SecretBinary, string? VersionId, IReadOnlyList<string> VersionStages)
{
    /// <summary>Reads a <c>GetSecretValue</c> response body.</summary>
    /// <param name="body">The JSON body.</param>
    /// <param name="value">The value, when the body has the expected shape.</param>
    /// <returns><see langword="true"/> when the body could be read. No exception carries the body.</returns>
    public static bool TryParse(string body, [NotNullWhen(true)] out SecretValue? value)
    {
        value = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            string? text = null;
            byte[]? binary = null;
            string? versionId = null;
            var stages = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "SecretString" when property.Value.ValueKind == JsonValueKind.String:
                        text = property.Value.GetString();
                        break;
                    case "SecretBinary" when property.Value.ValueKind == JsonValueKind.String:
                        if (!property.Value.TryGetBytesFromBase64(out binary))
                        {
                            return false;
                        }

                        break;
                    case "VersionId" when property.Value.ValueKind == JsonValueKind.String:
                        versionId = property.Value.GetString();
                        break;
                    case "VersionStages" when property.Value.ValueKind == JsonValueKind.Array:
                        stages.AddRange(property.Value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!));
                        break;
                }
            }

            value = new SecretValue(text, binary, versionId, stages);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"SecretValue {{ VersionId = {VersionId}, VersionStages = [{string.Join(", ", VersionStages)}], value = *** }}";
}
