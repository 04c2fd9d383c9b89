using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Time.Testing;
using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Cryptography;

public sealed class FernetKeyRingTests
{
    private static readonly DateTimeOffset Start = new(2023, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Encrypts_with_the_primary_key_only()
    {
        FernetKey primary = FernetKey.Generate();
        FernetKey old = FernetKey.Generate();
        var ring = new FernetKeyRing([primary, old]);

        string token = ring.Encrypt("payload");

        Assert.Equal("payload", new Fernet(primary).DecryptString(token));
        Assert.False(new Fernet(old).TryDecrypt(token, out _));
        Assert.Equal(0, ring.IndexOfKey(token));
        Assert.Same(primary, ring.FindKey(token));
        Assert.Equal([1, 2, 3], ring.Decrypt(ring.Encrypt([1, 2, 3])));
    }

    [Fact]
    public void Decrypts_tokens_made_by_any_key_in_order()
    {
        FernetKey primary = FernetKey.Generate();
        FernetKey old = FernetKey.Generate();
        FernetKey older = FernetKey.Generate();
        var ring = new FernetKeyRing([primary, old, older]);
        string byOld = new Fernet(old).Encrypt("from old");
        string byOlder = new Fernet(older).Encrypt("from older");

        Assert.Equal("from old", ring.DecryptString(byOld));
        Assert.Equal("from older", ring.DecryptString(byOlder));
        Assert.True(ring.TryDecrypt(byOlder, out byte[]? bytes));
        Assert.Equal("from older"u8.ToArray(), bytes);
        Assert.Equal(1, ring.IndexOfKey(byOld));
        Assert.Equal(2, ring.IndexOfKey(byOlder));
        Assert.Same(older, ring.FindKey(byOlder));
    }

    [Fact]
    public void Foreign_or_malformed_tokens_are_rejected()
    {
        var ring = new FernetKeyRing([FernetKey.Generate(), FernetKey.Generate()]);
        string foreign = new Fernet(FernetKey.Generate()).Encrypt("x");

        var error = Assert.Throws<InvalidFernetTokenException>(() => ring.Decrypt(foreign));
        Assert.Equal(InvalidFernetTokenException.DefaultMessage, error.Message);
        Assert.Throws<InvalidFernetTokenException>(() => ring.DecryptString(foreign));
        Assert.Throws<InvalidFernetTokenException>(() => ring.Rotate(foreign));
        Assert.Throws<InvalidFernetTokenException>(() => ring.Rotate("garbage"));
        Assert.False(ring.TryDecrypt(foreign, out _));
        Assert.Equal(-1, ring.IndexOfKey(foreign));
        Assert.Equal(-1, ring.IndexOfKey("garbage"));
        Assert.Null(ring.FindKey(foreign));
    }

    [Fact]
    public void Rotate_reencrypts_under_the_primary_key_and_preserves_the_timestamp()
    {
        var clock = new FakeTimeProvider(Start);
        FernetKey old = FernetKey.Generate();
        FernetKey primary = FernetKey.Generate();
        string original = new Fernet(old, clock).Encrypt("credential");
        clock.Advance(TimeSpan.FromDays(400));
        var ring = new FernetKeyRing([primary, old], clock);

        string rotated = ring.Rotate(original);

        Assert.NotEqual(original, rotated);
        Assert.Equal(Start, Fernet.GetTimestamp(rotated));
        Assert.Equal("credential", new Fernet(primary).DecryptString(rotated));
        Assert.False(new Fernet(old).TryDecrypt(rotated, out _));
        Assert.Equal(0, ring.IndexOfKey(rotated));

        // Rotation ignores age (Python's rotate passes no TTL), but a TTL still applies to the result.
        Assert.Throws<InvalidFernetTokenException>(() => ring.Decrypt(rotated, TimeSpan.FromDays(1)));
        Assert.NotEqual(rotated, ring.Rotate(original)); // a fresh IV each time
    }

    [Fact]
    public void Ring_ttl_uses_the_ring_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var ring = new FernetKeyRing([FernetKey.Generate()], clock);
        string token = ring.Encrypt("x");

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("x", ring.DecryptString(token, TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Throws<InvalidFernetTokenException>(() => ring.DecryptString(token, TimeSpan.FromSeconds(10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Decrypt(token, TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void Constructor_validates_keys()
    {
        Assert.Throws<ArgumentException>(() => new FernetKeyRing([]));
        Assert.Throws<ArgumentException>(() => new FernetKeyRing(Enumerable.Empty<FernetKey>()));
        Assert.Throws<ArgumentNullException>(() => new FernetKeyRing(null!));
        Assert.Throws<ArgumentException>(() => new FernetKeyRing([FernetKey.Generate(), null!]));
    }

    [Fact]
    public void Keys_are_copied_and_ordered()
    {
        FernetKey a = FernetKey.Generate();
        FernetKey b = FernetKey.Generate();
        var list = new List<FernetKey> { a, b };
        var ring = new FernetKeyRing(list);
        list.Clear();

        Assert.Same(a, ring.PrimaryKey);
        Assert.Equal([a, b], ring.Keys);
        Assert.False(ring.Keys is IList<FernetKey> { IsReadOnly: false });
    }

    [Fact]
    public void Null_tokens_are_rejected()
    {
        var ring = new FernetKeyRing([FernetKey.Generate()]);

        Assert.Throws<ArgumentNullException>(() => ring.Decrypt(null!));
        Assert.Throws<ArgumentNullException>(() => ring.DecryptString(null!));
        Assert.Throws<ArgumentNullException>(() => ring.TryDecrypt(null!, out _));
        Assert.Throws<ArgumentNullException>(() => ring.Rotate(null!));
        Assert.Throws<ArgumentNullException>(() => ring.IndexOfKey(null!));
        Assert.Throws<ArgumentNullException>(() => ring.FindKey(null!));
        Assert.Throws<ArgumentNullException>(() => ring.Encrypt((string)null!));
    }

    [Fact]
    public void ToString_lists_fingerprints_only()
    {
        FernetKey a = FernetKeyTests.KeyWithBothUrlSafeCharacters();
        FernetKey b = FernetKeyTests.KeyWithBothUrlSafeCharacters();
        var ring = new FernetKeyRing([a, b]);

        string text = ring.ToString();

        Assert.Contains("keys=2", text, StringComparison.Ordinal);
        Assert.Contains(a.Fingerprint, text, StringComparison.Ordinal);
        Assert.Contains(b.Fingerprint, text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(a.Fingerprint, StringComparison.Ordinal) < text.IndexOf(b.Fingerprint, StringComparison.Ordinal));
        FernetKeyTests.AssertDoesNotRevealKey(a, text);
        FernetKeyTests.AssertDoesNotRevealKey(b, text);
        Assert.Equal("{ToString(),nq}", typeof(FernetKeyRing).GetCustomAttribute<DebuggerDisplayAttribute>()?.Value);
    }
}
