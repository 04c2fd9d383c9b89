using Pangolin.Extensions.Configuration;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Resolution;

/// <summary>Builds connection definitions from validated options.</summary>
public static class PangolinConnectionDefinitions
{
    /// <summary>Creates one definition per configured connection.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="sectionPath">The configuration path, for messages.</param>
    /// <returns>The definitions.</returns>
    /// <exception cref="InvalidOperationException">The options were not validated and contain an invalid connection.</exception>
    public static IReadOnlyList<PangolinConnectionDefinition> FromOptions(PangolinOptions options, string sectionPath = PangolinOptions.DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var definitions = new List<PangolinConnectionDefinition>(options.Connections.Count);
        foreach (var (name, connection) in options.Connections)
        {
            var path = $"{sectionPath}:Connections:{name}";
            if (connection.Asset is null || !connection.Asset.TryGetReference(out var asset, out var error))
            {
                throw new InvalidOperationException($"{path}:Asset is missing or invalid.");
            }

            var keys = connection.KeyReferences().Select(KeyReference.Parse).ToList();
            StoredKeyPolicy? policy = connection.AllowKeyStoredInAsset switch
            {
                true => StoredKeyPolicy.AllowWithWarning,
                false => StoredKeyPolicy.Refuse,
                null => null,
            };
            definitions.Add(new PangolinConnectionDefinition(name, asset!, keys) { StoredKeyPolicy = policy, ConfigurationPath = path });
        }

        return definitions;
    }
}
