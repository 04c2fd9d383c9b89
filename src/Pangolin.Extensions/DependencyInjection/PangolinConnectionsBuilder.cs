using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.DependencyInjection;

internal sealed class PangolinConnectionsBuilder(IServiceCollection services, IConfigurationSection? section, string sectionPath) : IPangolinConnectionsBuilder
{
    private readonly List<Action<PangolinOptions>> _configure = [];

    public IServiceCollection Services { get; } = services;

    public IConfigurationSection? Section { get; } = section;

    public string SectionPath { get; } = sectionPath;

    public void AddConfigure(Action<PangolinOptions> configure) => _configure.Add(configure);

    public PangolinOptions GetRegistrationOptions()
    {
        var options = new PangolinOptions();
        Section?.Bind(options);
        foreach (var configure in _configure)
        {
            configure(options);
        }

        return options;
    }
}
