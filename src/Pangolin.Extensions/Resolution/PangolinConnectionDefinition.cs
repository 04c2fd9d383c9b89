using Pangolin.Extensions.Client;
using Pangolin.Extensions.Keys;

namespace Pangolin.Extensions.Resolution;

/// <summary>A named connection: which asset to read and which keys decrypt it.</summary>
public sealed class PangolinConnectionDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="name">The connection name (also the keyed-service key).</param>
    /// <param name="asset">The asset.</param>
    /// <param name="keys">The key ring references, newest first; the first encrypts, any decrypts.</param>
    public PangolinConnectionDefinition(string name, AssetReference asset, IReadOnlyList<KeyReference> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(keys);
        Name = name;
        Asset = asset;
        Keys = keys;
    }

    /// <summary>The connection name.</summary>
    public string Name { get; }

    /// <summary>The asset.</summary>
    public AssetReference Asset { get; }

    /// <summary>The key ring references, newest first.</summary>
    public IReadOnlyList<KeyReference> Keys { get; }

    /// <summary>Overrides the global policy for a key stored in the asset, or <see langword="null"/> to use it.</summary>
    public StoredKeyPolicy? StoredKeyPolicy { get; init; }

    /// <summary>Where the definition came from in configuration (such as <c>Pangolin:Connections:orders</c>), for messages.</summary>
    public string? ConfigurationPath { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} → {Asset} (keys: {string.Join(", ", Keys)})";
}
