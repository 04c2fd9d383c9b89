using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;

/// <summary>Providers over a fake HTTP handler, a fake clock and an empty environment.</summary>
internal static class TestProviders
{
    public const string AccessKeyId = "AKIDEXAMPLE0000TEST";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYUNITTESTKEY";
    public const string SessionToken = "FwoGZXIvYXdzEUNITTESTSESSIONTOKEN";

    public static AwsSecretsManagerKeyProviderOptions Options(Action<AwsSecretsManagerKeyProviderOptions>? configure = null)
    {
        var options = new AwsSecretsManagerKeyProviderOptions
        {
            Region = "eu-west-1",
            AccessKeyId = AccessKeyId,
            SecretAccessKey = SecretAccessKey,
        };
        configure?.Invoke(options);
        return options;
    }

    public static AwsSecretsManagerKeyProvider Create(
        FakeHttpHandler handler,
        FakeTimeProvider? time = null,
        Action<AwsSecretsManagerKeyProviderOptions>? configure = null,
        ILogger? logger = null,
        double random = 0.5,
        Func<string, string?>? environment = null) =>
        new("aws", Options(configure), new FakeHttpClientFactory(handler), logger ?? new FakeLogger(), time ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)), environment ?? (_ => null), () => random);

    public static KeyRequest Request(string reference) => new(KeyReference.Parse(reference), "orders");

    /// <summary>Awaits <paramref name="task"/> while moving the fake clock forward, so retry delays and time-outs elapse.</summary>
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, ValueTask<T> valueTask, TimeSpan? step = null)
    {
        var task = valueTask.AsTask();
        for (var i = 0; i < 5000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        return task.IsCompleted ? await task : throw new TimeoutException("The fetch did not finish while the fake clock advanced.");
    }
}
