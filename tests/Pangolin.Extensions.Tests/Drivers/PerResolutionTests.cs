using Pangolin.Extensions.Assets;
using Pangolin.Extensions.Client;
using Pangolin.Extensions.Drivers;
using Pangolin.Extensions.Resolution;

namespace Pangolin.Extensions.Tests.Drivers;

public class PerResolutionTests
{
    [Fact]
    public async Task Builds_once_per_resolution_and_hands_over_the_previous_value()
    {
        var first = Resolved("one");
        var second = Resolved("two");
        var builds = 0;
        var replaced = new List<(string Previous, string Next)>();
        var values = new PerResolution<string>(first, (resolved, previous) =>
        {
            Interlocked.Increment(ref builds);
            return $"{resolved.Credentials.Password}<-{previous ?? "none"}";
        }, (previous, next) => replaced.Add((previous, next)));

        Assert.Equal("one<-none", values.Current);
        Assert.Same(values.Current, values.For(first));

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => values.For(second))));

        Assert.All(results, r => Assert.Equal("two<-one<-none", r));
        Assert.Equal(2, builds);
        Assert.Equal([("one<-none", "two<-one<-none")], replaced);
        Assert.Equal("two<-one<-none", values.Current);
    }

    private static ResolvedConnection Resolved(string password)
    {
        var raw = new PangolinAsset("id", "a", "DB_CONN_STRING", "sqlite:x.db",
            new Dictionary<string, string> { ["connection_type"] = "sqlite", ["connection_string"] = "sqlite:x.db" });
        var asset = ConnectionAssetCodec.Decode(raw, AssetReference.Parse("c.n.a"));
        return new ResolvedConnection("c", asset, new ConnectionCredentials([new("password", password)]), DateTimeOffset.UnixEpoch);
    }
}
