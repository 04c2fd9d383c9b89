using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Tests.Keys;

public class KeyRingResolverTests
{
    [Fact]
    public async Task Resolves_env_config_and_literal_references_into_a_ring_in_order()
    {
        var envKey = FernetKey.Generate();
        var configKey = FernetKey.Generate();
        var literalKey = FernetKey.Generate();
        var variable = "PANGOLIN_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, envKey.Export());
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Keys:Orders"] = configKey.Export() })
                .Build();
            var resolver = new KeyRingResolver([new EnvironmentKeyProvider(), new ConfigurationKeyProvider(configuration), new LiteralKeyProvider()]);

            var ring = await resolver.ResolveAsync(
                [KeyReference.Parse("env:" + variable), KeyReference.Parse("config:Keys:Orders"), KeyReference.Parse("literal:" + literalKey.Export())]);

            Assert.Equal([envKey, configKey, literalKey], ring.Keys);
            Assert.Equal(envKey, ring.PrimaryKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Concurrent_first_fetches_share_one_provider_call_and_results_are_cached()
    {
        var provider = new CountingProvider(FernetKey.Generate().Export(), delay: TimeSpan.FromMilliseconds(50));
        var resolver = new KeyRingResolver([provider]);
        var reference = KeyReference.Parse("count:k");

        var keys = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => resolver.GetKeyAsync(reference).AsTask()));
        await resolver.GetKeyAsync(reference);

        Assert.Equal(1, provider.Calls);
        Assert.All(keys, k => Assert.Equal(keys[0], k));
    }

    [Fact]
    public async Task Cached_keys_expire_after_the_cache_duration()
    {
        var time = new FakeTimeProvider();
        var provider = new CountingProvider(FernetKey.Generate().Export());
        var resolver = new KeyRingResolver([provider], new KeyRingResolverOptions { CacheDuration = TimeSpan.FromMinutes(5) }, timeProvider: time);
        var reference = KeyReference.Parse("count:k");

        await resolver.GetKeyAsync(reference);
        time.Advance(TimeSpan.FromMinutes(4));
        await resolver.GetKeyAsync(reference);
        Assert.Equal(1, provider.Calls);

        time.Advance(TimeSpan.FromMinutes(2));
        await resolver.GetKeyAsync(reference);
        Assert.Equal(2, provider.Calls);

        resolver.Invalidate(reference);
        await resolver.GetKeyAsync(reference);
        Assert.Equal(3, provider.Calls);
    }

    [Fact]
    public async Task Failures_are_not_cached()
    {
        var provider = new CountingProvider(null);
        var resolver = new KeyRingResolver([provider]);
        var reference = KeyReference.Parse("count:k");

        var first = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.GetKeyAsync(reference, "orders").AsTask());
        Assert.Equal(ConnectionFailureReason.KeyNotFound, first.Reason);
        provider.Value = FernetKey.Generate().Export();
        await resolver.GetKeyAsync(reference);
        Assert.Equal(2, provider.Calls);
    }

    [Fact]
    public async Task Missing_environment_variable_names_connection_reference_and_variable()
    {
        var resolver = new KeyRingResolver([new EnvironmentKeyProvider()]);
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(
            () => resolver.ResolveAsync([KeyReference.Parse("env:PANGOLIN_SURELY_MISSING_VAR")], "orders").AsTask());

        Assert.Equal(ConnectionFailureReason.KeyNotFound, ex.Reason);
        Assert.StartsWith("Connection 'orders':", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'env:PANGOLIN_SURELY_MISSING_VAR'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_provider_lists_the_registered_ones()
    {
        var resolver = new KeyRingResolver([new EnvironmentKeyProvider(), new LiteralKeyProvider()]);
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(
            () => resolver.ResolveAsync([KeyReference.Parse("vault:secret/x#k")], "orders").AsTask());

        Assert.Equal(ConnectionFailureReason.InvalidKeyReference, ex.Reason);
        Assert.Contains("'vault'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("env, literal", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_that_is_not_a_key_is_reported_without_the_value()
    {
        const string notAKey = "this-is-a-password-not-a-fernet-key";
        var resolver = new KeyRingResolver([new CountingProvider(notAKey)]);
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(
            () => resolver.ResolveAsync([KeyReference.Parse("count:k")], "orders").AsTask());

        Assert.Equal(ConnectionFailureReason.InvalidKey, ex.Reason);
        Assert.Contains("'count:k'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("32 bytes", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notAKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provider_crashes_become_key_provider_failures()
    {
        var resolver = new KeyRingResolver([new ThrowingProvider()]);
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(
            () => resolver.ResolveAsync([KeyReference.Parse("boom:x")], "orders").AsTask());
        Assert.Equal(ConnectionFailureReason.KeyProviderFailed, ex.Reason);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task An_empty_ring_is_an_invalid_reference()
    {
        var resolver = new KeyRingResolver([new EnvironmentKeyProvider()]);
        var ex = await Assert.ThrowsAsync<PangolinConnectionException>(() => resolver.ResolveAsync([], "orders").AsTask());
        Assert.Equal(ConnectionFailureReason.InvalidKeyReference, ex.Reason);
    }

    [Fact]
    public void Duplicate_provider_names_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new KeyRingResolver([new EnvironmentKeyProvider(), new EnvironmentKeyProvider()]));
        Assert.Contains("'env'", ex.Message, StringComparison.Ordinal);
    }

    internal sealed class CountingProvider(string? value, TimeSpan delay = default) : IKeyProvider
    {
        private int _calls;

        public string? Value { get; set; } = value;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "count";

        public async ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return Value ?? throw new KeyProviderException("Nothing at " + request.Reference) { NotFound = true };
        }
    }

    private sealed class ThrowingProvider : IKeyProvider
    {
        public string Name => "boom";

        public ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }
}
