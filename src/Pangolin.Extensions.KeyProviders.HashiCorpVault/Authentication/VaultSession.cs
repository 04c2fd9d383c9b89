namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>A Vault token and what is known of its lease.</summary>
/// <param name="Token">The token. Never logged: <see cref="ToString"/> leaves it out.</param>
/// <param name="ExpiresAt">When the lease ends, or <see langword="null"/> when it does not (or is unknown).</param>
/// <param name="RefreshAt">When to renew or log in again, or <see langword="null"/> for never.</param>
/// <param name="Renewable">Whether renew-self may extend the lease.</param>
internal sealed record VaultSession(string Token, DateTimeOffset? ExpiresAt, DateTimeOffset? RefreshAt, bool Renewable)
{
    /// <summary>The share of a lease after which the token is renewed or replaced (Vault's own agents use about 2/3).</summary>
    public const double RefreshFraction = 2.0 / 3.0;

    public bool NeedsRefresh(DateTimeOffset now) => RefreshAt is { } at && now >= at;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && now >= at;

    /// <summary>A session for a lease starting now.</summary>
    /// <param name="token">The token.</param>
    /// <param name="now">The time the lease was granted.</param>
    /// <param name="leaseSeconds">The lease (TTL) in seconds; 0 or less means it does not expire.</param>
    /// <param name="renewable">Whether the token is renewable.</param>
    /// <param name="canReplace">Whether a new token can be had by logging in (AppRole, Kubernetes), so a
    /// non-renewable token is replaced early rather than used until it expires.</param>
    public static VaultSession Create(string token, DateTimeOffset now, long leaseSeconds, bool renewable, bool canReplace)
    {
        if (leaseSeconds <= 0)
        {
            return new VaultSession(token, null, null, renewable);
        }

        var lease = TimeSpan.FromSeconds(leaseSeconds);
        var refreshAt = renewable || canReplace ? now + (lease * RefreshFraction) : now + lease;
        return new VaultSession(token, now + lease, refreshAt, renewable);
    }

    public override string ToString() => $"VaultSession {{ ExpiresAt = {ExpiresAt:O}, RefreshAt = {RefreshAt:O}, Renewable = {Renewable} }}";
}
