using System.ComponentModel;
using System.Globalization;
using Pangolin.Extensions.Client;

namespace Pangolin.Extensions.Configuration;

/// <summary>
/// An asset as configuration writes it: either the string <c>"catalog.namespace.name"</c> or an object with
/// <c>Catalog</c>, <c>Namespace</c> and <c>Name</c>. Validated into an <see cref="AssetReference"/> at start-up.
/// </summary>
[TypeConverter(typeof(PangolinAssetLocationConverter))]
public sealed class PangolinAssetLocation
{
    /// <summary>The dotted form, when configuration gave a string.</summary>
    public string? Reference { get; set; }

    /// <summary>The catalog.</summary>
    public string? Catalog { get; set; }

    /// <summary>The namespace; dots separate nested levels.</summary>
    public string? Namespace { get; set; }

    /// <summary>The asset name.</summary>
    public string? Name { get; set; }

    /// <summary>Converts to an <see cref="AssetReference"/>.</summary>
    /// <param name="reference">The reference when valid.</param>
    /// <param name="error">What is wrong, otherwise.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public bool TryGetReference(out AssetReference? reference, out string? error)
    {
        reference = null;
        if (Reference is not null)
        {
            return AssetReference.TryParse(Reference, out reference, out error);
        }

        var missing = new[] { (nameof(Catalog), Catalog), (nameof(Namespace), Namespace), (nameof(Name), Name) }
            .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            error = $"the asset needs {string.Join(", ", missing)} (or the string form 'catalog.namespace.name').";
            return false;
        }

        try
        {
            reference = new AssetReference(Catalog!, Namespace!, Name!);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message.Split(" (Parameter", 2)[0];
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Reference ?? $"{Catalog}.{Namespace}.{Name}";

    /// <summary>Lets configuration bind the string form.</summary>
    private sealed class PangolinAssetLocationConverter : TypeConverter
    {
        public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
            sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string text ? new PangolinAssetLocation { Reference = text } : base.ConvertFrom(context, culture, value);
    }
}
