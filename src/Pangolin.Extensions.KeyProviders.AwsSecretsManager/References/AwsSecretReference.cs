using System.Diagnostics.CodeAnalysis;
using System.Text;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// What an <c>aws:</c> key reference asks Secrets Manager for:
/// <c>aws:SECRET_ID[#field][?stage=LABEL|?version=VERSION_ID]</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>SECRET_ID</c> is the secret's name or full ARN (ARNs contain <c>:</c>, which is fine).</item>
/// <item><c>#field</c> reads one top-level field of a JSON <c>SecretString</c> (like Python's
/// <c>json.loads(secret["SecretString"])["field"]</c>); without it the whole value is the key.</item>
/// <item><c>?stage=AWSPREVIOUS</c> picks a staging label (<c>VersionStage</c>), <c>?version=ID</c> a version
/// (<c>VersionId</c>); both may be given, joined by <c>&amp;</c>. Without either, AWS returns <c>AWSCURRENT</c>.
/// The selector goes last (<c>aws:db-keys#key?stage=AWSPREVIOUS</c>); <c>aws:db-keys?stage=AWSPREVIOUS#key</c> is
/// accepted too.</item>
/// </list>
/// Secret names cannot contain <c>?</c> or <c>#</c>; a field name containing them cannot be referenced.
/// </remarks>
public sealed class AwsSecretReference
{
    /// <summary>The selector key for a staging label.</summary>
    public const string StageOption = "stage";

    /// <summary>The selector key for a version id.</summary>
    public const string VersionOption = "version";

    private const int MaxSecretIdLength = 2048;

    private AwsSecretReference(string secretId, string? field, string? versionStage, string? versionId)
    {
        SecretId = secretId;
        Field = field;
        VersionStage = versionStage;
        VersionId = versionId;
    }

    /// <summary>The secret's name or ARN (<c>SecretId</c>).</summary>
    public string SecretId { get; }

    /// <summary>The JSON field to read from the <c>SecretString</c>, or <see langword="null"/> for the whole value.</summary>
    public string? Field { get; }

    /// <summary>The staging label to read (<c>VersionStage</c>), such as <c>AWSPREVIOUS</c>; <see langword="null"/> for the default.</summary>
    public string? VersionStage { get; }

    /// <summary>The version to read (<c>VersionId</c>); <see langword="null"/> for the default.</summary>
    public string? VersionId { get; }

    /// <summary>Reads the AWS parts of a key reference.</summary>
    /// <param name="reference">The key reference (its <see cref="KeyReference.Path"/> and <see cref="KeyReference.Field"/>).</param>
    /// <returns>The secret reference.</returns>
    /// <exception cref="FormatException">The reference is malformed; the message says how.</exception>
    public static AwsSecretReference Parse(KeyReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return TryParse(reference, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Tries to read the AWS parts of a key reference.</summary>
    /// <param name="reference">The key reference.</param>
    /// <param name="result">The secret reference, when successful.</param>
    /// <param name="error">What is wrong, when unsuccessful.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(KeyReference reference, [NotNullWhen(true)] out AwsSecretReference? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(reference);
        result = null;
        var (secretId, pathQuery) = SplitQuery(reference.Path);
        var (field, fieldQuery) = reference.Field is null ? (null, null) : SplitQuery(reference.Field);
        if (pathQuery is not null && fieldQuery is not null)
        {
            error = $"The key reference '{reference}' has two version selectors ('?…'); give one, at the end.";
            return false;
        }

        secretId = secretId.Trim();
        if (secretId.Length == 0)
        {
            error = $"The key reference '{reference}' names no secret: use 'aws:SECRET_NAME_OR_ARN[#field][?stage=LABEL|?version=ID]'.";
            return false;
        }

        if (secretId.Length > MaxSecretIdLength || secretId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            error = $"The key reference '{reference}' has an invalid secret id: a secret name or ARN has no spaces or control characters and at most {MaxSecretIdLength} characters.";
            return false;
        }

        if (field is not null && field.Length == 0)
        {
            error = $"The key reference '{reference}' has an empty field after '#'.";
            return false;
        }

        string? stage = null;
        string? version = null;
        if ((pathQuery ?? fieldQuery) is { } query && !TryParseQuery(reference, query, ref stage, ref version, out error))
        {
            return false;
        }

        result = new AwsSecretReference(secretId, field, stage, version);
        error = null;
        return true;
    }

    /// <summary>The reference in its canonical form, without the provider name: <c>SECRET_ID#field?stage=LABEL</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(SecretId);
        if (Field is not null)
        {
            text.Append('#').Append(Field);
        }

        var separator = '?';
        if (VersionStage is not null)
        {
            text.Append(separator).Append(StageOption).Append('=').Append(VersionStage);
            separator = '&';
        }

        if (VersionId is not null)
        {
            text.Append(separator).Append(VersionOption).Append('=').Append(VersionId);
        }

        return text.ToString();
    }

    /// <summary>A short description of the version asked for, for messages and logs: <c>AWSCURRENT</c> by default.</summary>
    internal string VersionDescription =>
        (VersionStage, VersionId) switch
        {
            (null, null) => "AWSCURRENT",
            ({ } s, null) => s,
            (null, { } v) => $"version {v}",
            ({ } s, { } v) => $"{s}, version {v}",
        };

    private static (string Before, string? Query) SplitQuery(string text)
    {
        var question = text.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (text, null) : (text[..question], text[(question + 1)..]);
    }

    private static bool TryParseQuery(KeyReference reference, string query, ref string? stage, ref string? version, [NotNullWhen(false)] out string? error)
    {
        if (query.Length == 0)
        {
            error = $"The key reference '{reference}' has an empty version selector after '?': use '?stage=LABEL' or '?version=ID'.";
            return false;
        }

        foreach (var part in query.Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? part : part[..eq]).Trim();
            var value = eq < 0 ? string.Empty : part[(eq + 1)..].Trim();
            var isStage = name.Equals(StageOption, StringComparison.OrdinalIgnoreCase) || name.Equals("versionStage", StringComparison.OrdinalIgnoreCase);
            var isVersion = name.Equals(VersionOption, StringComparison.OrdinalIgnoreCase) || name.Equals("versionId", StringComparison.OrdinalIgnoreCase);
            if (!isStage && !isVersion)
            {
                error = $"The key reference '{reference}' has an unknown version selector '{name}': use 'stage' (a staging label such as AWSPREVIOUS) or 'version' (a version id).";
                return false;
            }

            if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                error = $"The key reference '{reference}' needs a value without spaces after '{name}='.";
                return false;
            }

            if ((isStage && stage is not null) || (isVersion && version is not null))
            {
                error = $"The key reference '{reference}' gives '{name}' twice.";
                return false;
            }

            if (isStage)
            {
                stage = value;
            }
            else
            {
                version = value;
            }
        }

        error = null;
        return true;
    }
}
