namespace Pangolin.Extensions.Testing;

/// <summary>How the emulator authenticates requests.</summary>
public enum PangolinAuthMode
{
    /// <summary>
    /// Mirrors <c>PANGOLIN_NO_AUTH=true</c>: a request without an <c>Authorization</c> header runs as the
    /// tenant admin of the default (nil) tenant; a request that carries <c>Authorization</c> is verified normally.
    /// </summary>
    NoAuth = 0,

    /// <summary>Every request except the public paths must authenticate (Bearer JWT, <c>X-API-Key</c> or root Basic).</summary>
    Required = 1,
}
