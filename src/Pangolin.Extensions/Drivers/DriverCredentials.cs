using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Drivers;

/// <summary>
/// Sorts a connection's decrypted credentials for a driver: the ones the driver maps itself, the ones that would
/// move the connection elsewhere (host, port, database — refused unless
/// <see cref="PangolinConnectionOptions.AllowCredentialOverrides"/>), extra driver keywords allowed by
/// <see cref="PangolinConnectionOptions.AllowedCredentialKeywords"/>, and the rest, which is ignored.
/// </summary>
/// <remarks>pypangolin passes every extra credential to the driver, so a credential named <c>host</c> silently redirects the connection; this type closes that hole.</remarks>
public sealed class DriverCredentials
{
    private DriverCredentials(
        IReadOnlyDictionary<string, string> consumed,
        IReadOnlyDictionary<string, string> locationOverrides,
        IReadOnlyDictionary<string, string> passThrough,
        IReadOnlyList<string> ignored)
    {
        Consumed = consumed;
        LocationOverrides = locationOverrides;
        PassThrough = passThrough;
        Ignored = ignored;
    }

    /// <summary>Credentials the driver maps itself (such as <c>username</c> and <c>password</c>), by name. Values are secret.</summary>
    public IReadOnlyDictionary<string, string> Consumed { get; }

    /// <summary>Credentials that set the host, port or database, allowed by settings. Empty unless allowed.</summary>
    public IReadOnlyDictionary<string, string> LocationOverrides { get; }

    /// <summary>Extra credentials to pass to the driver as keywords (allow-listed). Values are secret.</summary>
    public IReadOnlyDictionary<string, string> PassThrough { get; }

    /// <summary>Names of credentials that were ignored (neither mapped nor allowed).</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>Sorts the credentials.</summary>
    /// <param name="resolved">The resolved connection.</param>
    /// <param name="options">The connection's settings.</param>
    /// <param name="consumedNames">Credential names the driver maps itself.</param>
    /// <param name="locationNames">Credential names that would change where the driver connects (<c>host</c>, <c>port</c>, <c>database</c>, …).</param>
    /// <returns>The sorted credentials.</returns>
    /// <exception cref="PangolinConnectionException">A credential would change the host, port or database and settings do not allow it.</exception>
    public static DriverCredentials Sort(
        ResolvedConnection resolved, PangolinConnectionOptions? options, IEnumerable<string> consumedNames, IEnumerable<string> locationNames)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(consumedNames);
        ArgumentNullException.ThrowIfNull(locationNames);
        var consumedSet = consumedNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var locationSet = locationNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var allowed = (options?.AllowedCredentialKeywords ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var consumed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var passThrough = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ignored = new List<string>();
        var refused = new List<string>();
        foreach (var name in resolved.Credentials.Names)
        {
            var value = resolved.Credentials.GetValueOrDefault(name)!;
            if (consumedSet.Contains(name))
            {
                consumed[name] = value;
            }
            else if (locationSet.Contains(name))
            {
                if (options?.AllowCredentialOverrides == true)
                {
                    overrides[name] = value;
                }
                else
                {
                    refused.Add(name);
                }
            }
            else if (allowed.Contains(name))
            {
                passThrough[name] = value;
            }
            else
            {
                ignored.Add(name);
            }
        }

        if (refused.Count > 0)
        {
            throw new PangolinConnectionException(
                ConnectionFailureReason.InvalidAsset, resolved.Name, resolved.Asset.Reference,
                $"the encrypted credential(s) {string.Join(", ", refused.Select(n => $"'{n}'"))} would override where the connection goes "
                + "(host, port or database), which is refused by default. Put them in the connection string, or set AllowCredentialOverrides for this connection.");
        }

        return new DriverCredentials(consumed, overrides, passThrough, ignored);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"DriverCredentials {{ Consumed = [{string.Join(", ", Consumed.Keys)}], Overrides = [{string.Join(", ", LocationOverrides.Keys)}], "
        + $"PassThrough = [{string.Join(", ", PassThrough.Keys)}], Ignored = [{string.Join(", ", Ignored)}] }}";
}
