namespace Pangolin.Extensions.TestInfrastructure;

/// <summary>
/// Trait names and values used to mark tests. <c>bash scripts/test.sh --no-services</c> runs
/// <c>dotnet test --filter "Category!=Integration"</c>, so every test that needs a server from
/// <see cref="TestServers"/> should carry <c>[Trait(TestCategories.Category, TestCategories.Integration)]</c>.
/// </summary>
public static class TestCategories
{
    /// <summary>The trait name.</summary>
    public const string Category = "Category";

    /// <summary>Tests that need a real server (PostgreSQL, MariaDB, moto, CongoDB) or Python.</summary>
    public const string Integration = "Integration";
}
