using MySqlConnector;

namespace Pangolin.Extensions.MySqlConnector;

/// <summary>
/// Owns a connection's data source and its password refresher, so that the container disposes both exactly once;
/// the public registrations hand out <see cref="DataSource"/>.
/// </summary>
internal sealed class MySqlDataSourceHandle(MySqlDataSource dataSource, MySqlPasswordRefresher? refresher) : IAsyncDisposable, IDisposable
{
    public MySqlDataSource DataSource { get; } = dataSource;

    public void Dispose()
    {
        refresher?.Dispose();
        DataSource.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (refresher is not null)
        {
            await refresher.DisposeAsync().ConfigureAwait(false);
        }

        await DataSource.DisposeAsync().ConfigureAwait(false);
    }
}
