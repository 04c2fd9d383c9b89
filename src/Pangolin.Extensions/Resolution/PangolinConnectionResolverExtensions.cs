namespace Pangolin.Extensions.Resolution;

/// <summary>Helpers for <see cref="IPangolinConnectionResolver"/>.</summary>
public static class PangolinConnectionResolverExtensions
{
    /// <summary>
    /// Resolves a connection synchronously. Only for dependency-injection factories, which cannot be asynchronous; the
    /// start-up warm-up normally makes this a cache hit. Everywhere else, use <see cref="IPangolinConnectionResolver.ResolveAsync"/>.
    /// </summary>
    /// <param name="resolver">The resolver.</param>
    /// <param name="connectionName">The connection name.</param>
    /// <returns>The resolved connection.</returns>
    public static ResolvedConnection Resolve(this IPangolinConnectionResolver resolver, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var pending = resolver.ResolveAsync(connectionName);
        return pending.IsCompletedSuccessfully ? pending.Result : Task.Run(() => pending.AsTask()).GetAwaiter().GetResult();
    }
}
