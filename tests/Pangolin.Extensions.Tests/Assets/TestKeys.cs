using Pangolin.Extensions.Cryptography;

namespace Pangolin.Extensions.Tests.Assets;

internal static class TestKeys
{
    public static FernetKeyRing Ring(params FernetKey[] keys) => new(keys);

    public static FernetKeyRing NewRing() => new([FernetKey.Generate()]);
}
