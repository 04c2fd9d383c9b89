using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Testing;

/// <summary>Seeds connection assets into an emulator in pypangolin's layout, without HTTP.</summary>
public static class PangolinEmulatorConnectionExtensions
{
    /// <summary>
    /// Stores a connection asset exactly as pypangolin's <c>register()</c> would write it (encrypted credentials,
    /// <c>location</c> = connection string), creating the catalog and namespace when missing and replacing an
    /// existing asset of the same name.
    /// </summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="asset">Where to store it.</param>
    /// <param name="definition">The connection.</param>
    /// <param name="key">The key that encrypts the credentials.</param>
    /// <param name="storeKey">Also store the key in the asset (pypangolin's <c>store_key=True</c>).</param>
    /// <returns>The stored asset.</returns>
    public static EmulatorAsset PutConnection(this PangolinEmulator emulator, AssetReference asset, ConnectionAssetDefinition definition, FernetKey key, bool storeKey = false)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(key);
        var properties = ConnectionAssetCodec.Encode(definition, new FernetKeyRing([key]), storeKey);
        return emulator.Store.PutAsset(asset.Catalog, asset.NamespaceLevels, asset.Name, PangolinAsset.ConnectionKind, definition.ConnectionString, properties);
    }
}
