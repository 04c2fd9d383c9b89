using Microsoft.Extensions.Logging;
using MySqlConnector;
using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>
/// Keeps <see cref="MySqlDataSource.Password"/> current: every refresh interval it asks the resolver for the
/// connection (a cache hit until the connection is invalidated or refreshed) and sets the password that new physical
/// connections log in with. On failure the last password stays and the refresh is retried sooner.
/// </summary>
/// <remarks>
/// MySqlConnector 3.0's own <c>UsePeriodicPasswordProvider</c> is not used: a data source built with it throws
/// <see cref="ObjectDisposedException"/> when disposed twice, which the dependency-injection container does for an
/// instance registered under several service types (<c>MySqlDataSource</c> and <c>DbDataSource</c>).
/// </remarks>
internal sealed class MySqlPasswordRefresher : IAsyncDisposable, IDisposable
{
    private readonly MySqlDataSource _dataSource;
    private readonly IPangolinConnectionResolver _resolver;
    private readonly string _connectionName;
    private readonly string? _userName;
    private readonly TimeSpan _successInterval;
    private readonly TimeSpan _failureInterval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private int _disposed;

    public MySqlPasswordRefresher(
        MySqlDataSource dataSource, IPangolinConnectionResolver resolver, ResolvedConnection initial, PangolinMySqlConnectorSettings settings, ILogger logger, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _resolver = resolver;
        _connectionName = initial.Name;
        _userName = initial.Credentials.Username;
        _successInterval = settings.PasswordRefreshInterval;
        _failureInterval = settings.PasswordFailureRefreshInterval;
        _logger = logger;
        _dataSource.Password = MySqlConnectionPlan.GetPassword(initial) ?? string.Empty;
        _timer = timeProvider.CreateTimer(_ => _ = RefreshAsync(), null, _successInterval, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _timer.Dispose();
            _stopping.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal async Task RefreshAsync()
    {
        var next = _failureInterval;
        try
        {
            var resolved = await _resolver.ResolveAsync(_connectionName, _stopping.Token).ConfigureAwait(false);
            if (!string.Equals(resolved.Credentials.Username, _userName, StringComparison.Ordinal))
            {
                MySqlConnectorLog.UserNameChanged(_logger, _connectionName);
            }

            if (MySqlConnectionPlan.GetPassword(resolved) is { } password)
            {
                _dataSource.Password = password;
                next = _successInterval;
            }
            else
            {
                MySqlConnectorLog.PasswordMissing(_logger, _connectionName);
            }
        }
        catch (PangolinConnectionException ex)
        {
            MySqlConnectorLog.PasswordRefreshFailed(_logger, _connectionName, ex.Reason, ex.Message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _timer.Change(next, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile.
            }
        }
    }
}
