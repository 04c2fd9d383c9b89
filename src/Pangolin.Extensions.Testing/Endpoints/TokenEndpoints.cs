using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Pangolin.Extensions.Testing;

/// <summary>Token revocation (<c>token_handlers.rs</c>): <c>POST /api/v1/auth/revoke</c> and <c>/api/v1/auth/revoke/{token_id}</c>.</summary>
internal sealed class TokenEndpoints(EmulatorContext emulator)
{
    private static readonly JsonShape RevokeShape = new("RevokeTokenRequest", DenyUnknownFields: false,
    [
        JsonField.Optional("reason", JsonFieldType.String),
    ]);

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/auth/revoke", RevokeCurrent);
        routes.MapPost("/api/v1/auth/revoke/{tokenId}", RevokeById);
    }

    private async Task RevokeCurrent(HttpContext context)
    {
        if (await JsonBodyReader.ReadAsync(context, RevokeShape).ConfigureAwait(false) is null)
        {
            return;
        }

        var session = Session.Of(context)!;
        if (session.TokenId is not { } tokenId)
        {
            await Reply.Text(context, 400, "This session is not backed by a revocable token").ConfigureAwait(false);
            return;
        }

        emulator.Revocations.Revoke(tokenId);
        await Message(context, "Token revoked successfully. Please log in again.").ConfigureAwait(false);
    }

    private async Task RevokeById(HttpContext context)
    {
        var raw = PathSegments.Decode(context)[5];
        if (!JsonBodyReader.TryParseUuid(raw, out var tokenId))
        {
            await Reply.Text(context, 400, "Invalid URL: UUID parsing failed").ConfigureAwait(false);
            return;
        }

        if (await JsonBodyReader.ReadAsync(context, RevokeShape).ConfigureAwait(false) is null)
        {
            return;
        }

        if (!Session.Of(context)!.IsAdmin)
        {
            await Reply.Text(context, 403, "Admin access required").ConfigureAwait(false);
            return;
        }

        emulator.Revocations.Revoke(tokenId);
        await Message(context, $"Token {tokenId:D} revoked successfully").ConfigureAwait(false);
    }

    private static Task Message(HttpContext context, string message) => Reply.Json(context, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        w.WriteEndObject();
    });
}
