namespace Pangolin.Extensions.Testing;

/// <summary>What a second <c>POST .../assets</c> with an existing name does. The real server never answers 409.</summary>
public enum DuplicateAssetPolicy
{
    /// <summary>
    /// Memory and MongoDB stores: the asset is silently replaced, gets a new id and the answer is 201.
    /// The old id keeps pointing at the same (replaced) asset, as in the memory store.
    /// </summary>
    Upsert = 0,

    /// <summary>SQLite and PostgreSQL stores: the unique key is violated and the answer is 500 <c>Failed to persist asset</c>.</summary>
    Reject = 1,
}
