using Azure.Core;
using Azure.Identity;

namespace Pangolin.Extensions.KeyProviders.AzureKeyVault.Tests.Support;

/// <summary>A credential that hands out a fixed token and records what it was asked for; or fails like Azure.Identity does.</summary>
internal sealed class FakeTokenCredential(string token, bool fail = false) : TokenCredential
{
    private int _requests;

    public string Token { get; } = token;

    public int Requests => _requests;

    public List<TokenRequestContext> Contexts { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        lock (Contexts)
        {
            Contexts.Add(requestContext);
        }

        return fail
            ? throw new AuthenticationFailedException(
                "ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.")
            : new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
