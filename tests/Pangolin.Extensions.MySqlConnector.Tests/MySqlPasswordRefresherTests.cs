using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MySqlConnector.Tests;

public sealed class MySqlPasswordRefresherTests
{
    [Fact]
    public async Task Refreshes_on_the_success_interval_retries_sooner_after_a_failure_and_stops_when_disposed()
    {
        var time = new FakeTimeProvider();
        var resolver = new ScriptedResolver(ResolvedConnections.Create(ConnectionType.MySql, "mysql://h/db"));
        var logger = new FakeLogger();
        var settings = new PangolinMySqlConnectorSettings { PasswordRefreshInterval = TimeSpan.FromMinutes(5), PasswordFailureRefreshInterval = TimeSpan.FromSeconds(10) };
        await using var dataSource = new MySqlDataSource("Server=h");
        var refresher = new MySqlPasswordRefresher(dataSource, resolver, resolver.Current, settings, logger, time);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, resolver.Calls);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, resolver.Calls);

        resolver.Failure = new PangolinConnectionException(ConnectionFailureReason.PangolinUnavailable, "orders", null, "Pangolin answered 503.");
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, resolver.Calls);
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 2206);
        Assert.Contains("PangolinUnavailable", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr", warning.Message, StringComparison.Ordinal);

        resolver.Failure = null;
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, resolver.Calls);

        refresher.Dispose();
        refresher.Dispose();
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(3, resolver.Calls);
    }

    private sealed class ScriptedResolver(ResolvedConnection current) : IPangolinConnectionResolver
    {
        public ResolvedConnection Current { get; } = current;

        public Exception? Failure { get; set; }

        public int Calls { get; private set; }

        public IReadOnlyCollection<string> ConnectionNames => [Current.Name];

        public ValueTask<ResolvedConnection> ResolveAsync(string connectionName, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Failure is null ? ValueTask.FromResult(Current) : ValueTask.FromException<ResolvedConnection>(Failure);
        }

        public void Invalidate(string connectionName)
        {
        }
    }
}
