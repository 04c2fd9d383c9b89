using Pangolin.Extensions.Assets;

namespace Pangolin.Extensions.Keys;

/// <summary>
/// Fetches Fernet keys from one place (environment, configuration, a secret store). Registered in dependency
/// injection; <see cref="Name"/> is the scheme of the key references it answers (<c>env</c> for <c>env:NAME</c>).
/// </summary>
/// <remarks>
/// Implementations return the key text as stored; parsing, caching, single-flight and error wording are done by
/// <see cref="KeyRingResolver"/>. Throw <see cref="KeyProviderException"/> with <see cref="KeyProviderException.NotFound"/>
/// set when the reference points at nothing, and never put key material into an exception or a log.
/// </remarks>
public interface IKeyProvider
{
    /// <summary>The provider name: the scheme of the references it answers, such as <c>env</c> or <c>vault</c>.</summary>
    string Name { get; }

    /// <summary>Fetches the key text for a reference.</summary>
    /// <param name="request">The reference and what it is for.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>The key text (a URL-safe base64 Fernet key).</returns>
    ValueTask<string> GetKeyAsync(KeyRequest request, CancellationToken cancellationToken);
}

/// <summary>A request for key material.</summary>
/// <param name="Reference">The key reference.</param>
/// <param name="ConnectionName">The connection the key is for, if any (for messages and audit).</param>
/// <param name="Asset">The connection asset being decrypted, if any (the <c>asset</c> provider reads its stored key).</param>
public sealed record KeyRequest(KeyReference Reference, string? ConnectionName = null, ConnectionAsset? Asset = null);

/// <summary>
/// A key provider could not deliver a key. The message names the reference and the provider, never key material
/// or the credentials used to reach the store.
/// </summary>
public sealed class KeyProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyProviderException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public KeyProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public KeyProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the reference points at nothing (as opposed to the store failing).</summary>
    public bool NotFound { get; init; }

    /// <summary>Whether policy refused the key (the key stored in an asset outside Development).</summary>
    public bool Refused { get; init; }
}
