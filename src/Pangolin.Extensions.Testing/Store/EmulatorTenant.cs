namespace Pangolin.Extensions.Testing;

/// <summary>A tenant held by the emulator.</summary>
public sealed class EmulatorTenant
{
    internal EmulatorTenant(Guid id, string name, IReadOnlyDictionary<string, string> properties)
    {
        Id = id;
        Name = name;
        Properties = properties;
    }

    /// <summary>The tenant id.</summary>
    public Guid Id { get; }

    /// <summary>The tenant name.</summary>
    public string Name { get; }

    /// <summary>The tenant properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }
}
