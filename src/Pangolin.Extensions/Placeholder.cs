namespace Pangolin.Extensions; internal static class Placeholder { }
