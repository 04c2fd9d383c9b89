using System.Text.Json;

namespace Pangolin.Extensions.KeyProviders.HashiCorpVault;

/// <summary>A response from Vault: the status and the JSON body, if it had one.</summary>
internal sealed class VaultResponse(int status, JsonDocument? body) : IDisposable
{
    public int Status { get; } = status;

    public JsonDocument? Body { get; } = body;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The strings of Vault's <c>{"errors":[...]}</c> envelope (empty for a plain 404).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            if (Body?.RootElement is not { ValueKind: JsonValueKind.Object } root
                || !root.TryGetProperty("errors", out var errors)
                || errors.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
        }
    }

    /// <summary>The member of the root object, if present.</summary>
    public JsonElement? Get(string name) =>
        Body?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public void Dispose() => Body?.Dispose();
}
