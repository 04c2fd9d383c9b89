using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pangolin.Extensions.Configuration;

namespace Pangolin.Extensions.DependencyInjection;

/// <summary>Returned by <c>AddPangolinConnections</c>; driver and key-provider packages extend it.</summary>
public interface IPangolinConnectionsBuilder
{
    /// <summary>The service collection.</summary>
    IServiceCollection Services { get; }

    /// <summary>The <c>Pangolin</c> configuration section, if configuration was given.</summary>
    IConfigurationSection? Section { get; }

    /// <summary>The configuration path of the section, such as <c>Pangolin</c>, for messages.</summary>
    string SectionPath { get; }

    /// <summary>
    /// The options as known at registration time (configuration bound, code delegates applied), for registration
    /// decisions such as health-check tags. Runtime code should use <c>IOptions&lt;PangolinOptions&gt;</c>.
    /// </summary>
    /// <returns>A snapshot of the options.</returns>
    PangolinOptions GetRegistrationOptions();
}
