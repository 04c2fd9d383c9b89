namespace Pangolin.Extensions.KeyProviders.HashiCorpVault.Tests;

/// <summary>Sets an environment variable for a scope and restores it afterwards.</summary>
internal sealed class EnvironmentVariable : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public EnvironmentVariable(string name, string? value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}

/// <summary>Tests that change process environment variables run one at a time, apart from the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentTests
{
    public const string Name = "environment";
}
