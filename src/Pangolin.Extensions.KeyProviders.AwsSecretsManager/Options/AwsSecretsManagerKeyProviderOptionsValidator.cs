using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager;

/// <summary>
/// Checks <see cref="AwsSecretsManagerKeyProviderOptions"/>. Every problem starts with the name of the setting
/// (<c>ServiceUrl …</c>), so callers can prefix the configuration path; no problem repeats a secret.
/// </summary>
internal sealed partial class AwsSecretsManagerKeyProviderOptionsValidator : IValidateOptions<AwsSecretsManagerKeyProviderOptions>
{
    /// <summary>Validates code-configured (named) options; the message names the provider.</summary>
    public ValidateOptionsResult Validate(string? name, AwsSecretsManagerKeyProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Validate(options).ToList();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"AWS Secrets Manager key provider '{name}': {p}"));
    }

    /// <summary>Validates options; each problem starts with the setting's name.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The problems.</returns>
    public static IEnumerable<string> Validate(AwsSecretsManagerKeyProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Region is { } region && !RegionPattern().IsMatch(region))
        {
            yield return $"Region '{region}' is not an AWS region name (such as 'eu-west-1').";
        }

        if (options.ServiceUrl is { } url && ServiceUrlProblem(url) is { } urlProblem)
        {
            yield return urlProblem;
        }

        if (options.Profile is { } profile && string.IsNullOrWhiteSpace(profile))
        {
            yield return "Profile is empty; remove it to use the default credential chain.";
        }

        var hasKeyId = !string.IsNullOrEmpty(options.AccessKeyId);
        var hasSecret = !string.IsNullOrEmpty(options.SecretAccessKey);
        if (hasKeyId && !hasSecret)
        {
            yield return "SecretAccessKey is required when AccessKeyId is set.";
        }

        if (hasSecret && !hasKeyId)
        {
            yield return "AccessKeyId is required when SecretAccessKey is set.";
        }

        if (!string.IsNullOrEmpty(options.SessionToken) && !(hasKeyId && hasSecret))
        {
            yield return "SessionToken needs AccessKeyId and SecretAccessKey as well.";
        }

        if ((hasKeyId || hasSecret) && !string.IsNullOrEmpty(options.Profile))
        {
            yield return "Profile cannot be combined with AccessKeyId/SecretAccessKey: choose one source of credentials.";
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            yield return $"Timeout must be positive and at most 00:10:00 (got {options.Timeout}).";
        }

        if (options.MaxRetries is < 0 or > AwsSecretsManagerKeyProviderOptions.MaxRetriesLimit)
        {
            yield return $"MaxRetries must be between 0 and {AwsSecretsManagerKeyProviderOptions.MaxRetriesLimit} (got {options.MaxRetries}).";
        }
    }

    /// <summary>
    /// Validates a configuration section: first that each value converts (so binding cannot throw), then the bound
    /// options. Secret values are never repeated.
    /// </summary>
    /// <param name="section">The provider's section.</param>
    /// <returns>The problems, each starting with the setting's name.</returns>
    public static IEnumerable<string> Validate(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var problems = new List<string>();
        if (section["ServiceUrl"] is { Length: > 0 } rawUrl && !Uri.TryCreate(rawUrl, UriKind.Absolute, out _))
        {
            problems.Add($"ServiceUrl '{SafeUrl(rawUrl)}' is not an absolute http or https URL (such as 'http://localhost:4566').");
        }

        if (section["Timeout"] is { Length: > 0 } rawTimeout && !TimeSpan.TryParse(rawTimeout, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"Timeout '{rawTimeout}' is not a time span (use hh:mm:ss, such as '00:00:30').");
        }

        if (section["MaxRetries"] is { Length: > 0 } rawRetries && !int.TryParse(rawRetries, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"MaxRetries '{rawRetries}' is not a whole number.");
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        return Validate(Bind(section)).ToList();
    }

    /// <summary>Binds a provider's section to options (after <see cref="Validate(IConfigurationSection)"/>).</summary>
    /// <param name="section">The section.</param>
    /// <returns>The options.</returns>
    public static AwsSecretsManagerKeyProviderOptions Bind(IConfigurationSection section)
    {
        var options = new AwsSecretsManagerKeyProviderOptions();
        section.Bind(options);
        return options;
    }

    private static string? ServiceUrlProblem(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"ServiceUrl '{SafeUrl(url.OriginalString)}' is not an absolute http or https URL (such as 'http://localhost:4566').";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "ServiceUrl must not carry credentials; use AccessKeyId and SecretAccessKey, a Profile or the default chain.";
        }

        return !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment)
            ? $"ServiceUrl '{url.GetLeftPart(UriPartial.Path)}' must not have a query or fragment."
            : null;
    }

    /// <summary>The URL text without any user information (which could be a credential).</summary>
    private static string SafeUrl(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return text;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && scheme < at ? text[..(scheme + 3)] + "***@" + text[(at + 1)..] : "***@" + text[(at + 1)..];
    }

    [GeneratedRegex("^[a-z]{2,}(-[a-z0-9]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
