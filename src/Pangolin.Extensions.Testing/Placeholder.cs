namespace Pangolin.Extensions.Testing; internal static class Placeholder { }
