using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pangolin.Extensions.DependencyInjection;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager;
using Pangolin.Extensions.Keys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AWS Secrets Manager key providers with Pangolin connections.</summary>
public static partial class AwsSecretsManagerPangolinBuilderExtensions
{
    /// <summary>
    /// Lets configuration declare AWS Secrets Manager key providers:
    /// <c>"Pangolin": { "KeyProviders": { "aws": { "Type": "AwsSecretsManager", "Region": "eu-west-1" } } }</c>, after which
    /// references such as <c>aws:prod/db-keys#encryption_key</c> use it. Settings are validated at start-up.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddPangolinConnections</c>.</param>
    /// <returns>The builder.</returns>
    public static IPangolinConnectionsBuilder AddAwsSecretsManagerKeyProviders(this IPangolinConnectionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddShared(builder.Services);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyProviderFactory, AwsSecretsManagerKeyProviderFactory>());
        return builder;
    }

    /// <summary>
    /// Adds one AWS Secrets Manager key provider configured in code. Its settings are validated at start-up.
    /// Do not also declare a provider with the same name under <c>Pangolin:KeyProviders</c>.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddPangolinConnections</c>.</param>
    /// <param name="name">The provider name, the scheme of its references. Default <c>aws</c>.</param>
    /// <param name="configure">Sets the options; without it the AWS default credential chain and region are used.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid reference scheme.</exception>
    public static IPangolinConnectionsBuilder AddAwsSecretsManagerKeyProvider(
        this IPangolinConnectionsBuilder builder, string name = AwsSecretsManagerKeyProvider.DefaultName, Action<AwsSecretsManagerKeyProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!SchemePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' cannot be a key provider name: it is the scheme of key references, so it must start with a letter and contain only letters, digits, '+', '.', '_' and '-'.",
                nameof(name));
        }

        AddShared(builder.Services);
        var options = builder.Services.AddOptions<AwsSecretsManagerKeyProviderOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AwsSecretsManagerKeyProviderOptions>, AwsSecretsManagerKeyProviderOptionsValidator>());
        builder.Services.AddSingleton<IKeyProvider>(sp => new AwsSecretsManagerKeyProvider(
            name,
            sp.GetRequiredService<IOptionsMonitor<AwsSecretsManagerKeyProviderOptions>>().Get(name),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetService<ILogger<AwsSecretsManagerKeyProvider>>(),
            sp.GetService<TimeProvider>()));
        return builder;
    }

    private static void AddShared(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Time-outs are per attempt and enforced by the provider, so the client itself never times out.
        services.AddHttpClient(AwsSecretsManagerKeyProvider.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();
}
