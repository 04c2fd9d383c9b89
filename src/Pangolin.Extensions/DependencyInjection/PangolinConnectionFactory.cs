using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.DependencyInjection;

internal sealed class PangolinConnectionFactory(IServiceProvider services, IEnumerable<PangolinClientRegistration> registrations) : IPangolinConnectionFactory
{
    private readonly Dictionary<string, PangolinClientRegistration> _registrations =
        registrations.Where(r => r.IsRelational).GroupBy(r => r.ConnectionName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyCollection<string> ConnectionNames => _registrations.Keys;

    public DbDataSource GetDataSource(string connectionName)
    {
        ArgumentNullException.ThrowIfNull(connectionName);
        if (!_registrations.TryGetValue(connectionName, out var registration))
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.NotConfigured, connectionName, null,
                $"no relational data source is registered for it (registered: {(_registrations.Count == 0 ? "none" : string.Join(", ", _registrations.Keys.Order(StringComparer.Ordinal)))}). "
                + "Register it with a driver package, for example .AddNpgsqlDataSource(\"" + connectionName + "\").");
        }

        return services.GetRequiredKeyedService<DbDataSource>(registration.ServiceKey);
    }

    public async ValueTask<DbConnection> OpenConnectionAsync(string connectionName, CancellationToken cancellationToken = default)
    {
        var dataSource = GetDataSource(connectionName);
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            // Driver messages name the server and the failure, never the password.
            throw new PangolinConnectionException(
                ConnectionFailureReason.DatabaseUnavailable, connectionName, null,
                $"opening a {_registrations[connectionName].Driver} connection failed: {ex.Message}", ex);
        }
    }
}
