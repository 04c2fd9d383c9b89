using System.Net;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;
using Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Fakes;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.KeyProviders.AwsSecretsManager.Tests.Unit;

public class RetryTests
{
    private static readonly string Key = FernetKey.Generate().Export();

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_429_is_retried_after_a_backoff_and_each_attempt_is_signed_afresh()
    {
        var handler = new FakeHttpHandler()
            .Respond((HttpStatusCode)429, """{"__type":"ThrottlingException","message":"Rate exceeded"}""")
            .RespondSecret(Key);
        var time = NewClock();
        var logger = new FakeLogger();
        var provider = TestProviders.Create(handler, time, logger: logger, random: 0.5);

        var key = await TestProviders.RunAsync(time, provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None), TimeSpan.FromMilliseconds(50));

        Assert.Equal(Key, key);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 ", r.Headers["Authorization"], StringComparison.Ordinal));

        // Equal jitter: the first retry waits between 100 and 200 ms; random 0.5 gives 150 ms.
        var retry = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 3102);
        Assert.Contains("ThrottlingException, HTTP 429", retry.Message, StringComparison.Ordinal);
        Assert.Contains("retrying in 150 ms", retry.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 3101 && r.Message.Contains("2 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_backoff_is_not_shortened_it_waits_on_the_time_provider()
    {
        var handler = new FakeHttpHandler().Respond((HttpStatusCode)429, "").RespondSecret(Key);
        var time = NewClock();
        var provider = TestProviders.Create(handler, time, random: 0.0);

        var fetch = provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.Single(handler.Requests);
        Assert.False(fetch.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(99));
        await Task.Delay(50);
        Assert.Single(handler.Requests);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Key, await fetch.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task ThrottlingException_and_5xx_are_retried_until_success()
    {
        var handler = new FakeHttpHandler()
            .RespondError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")
            .RespondError(HttpStatusCode.InternalServerError, "InternalServiceError")
            .Respond(HttpStatusCode.ServiceUnavailable, "")
            .RespondSecret(Key);
        var time = NewClock();
        var provider = TestProviders.Create(handler, time);

        Assert.Equal(Key, await TestProviders.RunAsync(time, provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None)));
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task Retries_are_bounded_by_MaxRetries()
    {
        var handler = new FakeHttpHandler();
        for (var i = 0; i < 3; i++)
        {
            handler.RespondError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        }

        var time = NewClock();
        var provider = TestProviders.Create(handler, time, o => o.MaxRetries = 2);

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() =>
            TestProviders.RunAsync(time, provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None)));

        Assert.Equal(3, handler.Requests.Count);
        Assert.False(ex.NotFound);
        Assert.Contains("kept failing (ThrottlingException, HTTP 400) after 3 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("secret 'db'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxRetries_zero_sends_once()
    {
        var handler = new FakeHttpHandler().Respond((HttpStatusCode)429, "");
        var provider = TestProviders.Create(handler, configure: o => o.MaxRetries = 0);

        await Assert.ThrowsAsync<KeyProviderException>(async () => await provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Errors_that_cannot_heal_are_not_retried()
    {
        var handler = new FakeHttpHandler().RespondError(HttpStatusCode.BadRequest, "AccessDeniedException");
        var provider = TestProviders.Create(handler);

        await Assert.ThrowsAsync<KeyProviderException>(async () => await provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Network_failures_are_retried_then_reported_with_the_endpoint()
    {
        var handler = new FakeHttpHandler()
            .Throw(new HttpRequestException("Connection refused (secretsmanager.eu-west-1.amazonaws.com:443)"))
            .RespondSecret(Key);
        var time = NewClock();
        Assert.Equal(Key, await TestProviders.RunAsync(time, TestProviders.Create(handler, time).GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None)));

        var failing = new FakeHttpHandler().Throw(new HttpRequestException("Connection refused")).Throw(new HttpRequestException("Connection refused"));
        var ex = await Assert.ThrowsAsync<KeyProviderException>(() =>
            TestProviders.RunAsync(time, TestProviders.Create(failing, time, o => o.MaxRetries = 1).GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None)));
        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
        Assert.Contains("https://secretsmanager.eu-west-1.amazonaws.com/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s)", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        var handler = new FakeHttpHandler().Hang().RespondSecret(Key);
        var time = NewClock();
        var provider = TestProviders.Create(handler, time, o => o.Timeout = TimeSpan.FromSeconds(5));

        Assert.Equal(Key, await TestProviders.RunAsync(time, provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None), TimeSpan.FromSeconds(1)));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Time_outs_on_every_attempt_are_reported()
    {
        var handler = new FakeHttpHandler().Hang().Hang();
        var time = NewClock();
        var provider = TestProviders.Create(handler, time, o => { o.Timeout = TimeSpan.FromSeconds(5); o.MaxRetries = 1; });

        var ex = await Assert.ThrowsAsync<KeyProviderException>(() =>
            TestProviders.RunAsync(time, provider.GetKeyAsync(TestProviders.Request("aws:db"), CancellationToken.None), TimeSpan.FromSeconds(1)));
        Assert.Contains("no answer within 00:00:05", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_backoff_wait()
    {
        var handler = new FakeHttpHandler().Respond((HttpStatusCode)429, "");
        var provider = TestProviders.Create(handler, NewClock());
        using var cts = new CancellationTokenSource();

        var fetch = provider.GetKeyAsync(TestProviders.Request("aws:db"), cts.Token).AsTask();
        await Task.Delay(50);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(0, 0.0, 100)]
    [InlineData(0, 1.0, 200)]
    [InlineData(1, 0.0, 200)]
    [InlineData(3, 1.0, 1600)]
    [InlineData(20, 1.0, 20000)]
    public void Backoff_grows_exponentially_with_jitter_up_to_a_cap(int retry, double random, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), RetryBackoff.Delay(retry, random));
}
