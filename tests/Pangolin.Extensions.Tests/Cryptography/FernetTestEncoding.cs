namespace Pangolin.Extensions.Tests.Cryptography;

/// <summary>Plain base64 helpers for tests, built on <see cref="Convert"/> only (independent of the code under test).</summary>
internal static class FernetTestEncoding
{
    public static string ToUrlSafe(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    public static byte[] FromUrlSafe(string text) => Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/'));

    public static string ToStandardAlphabet(string urlSafe) => urlSafe.Replace('-', '+').Replace('_', '/');
}
