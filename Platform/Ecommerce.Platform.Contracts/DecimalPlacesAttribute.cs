namespace Ecommerce.Platform.Contracts;

/// <summary>
/// A decimal field holds at most this many decimal places (2: exact to the cent). Written on the wire
/// as a JSON number, never a float; its schema says <c>multipleOf</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DecimalPlacesAttribute(int places) : Attribute
{
    /// <summary>The most decimal places a value has.</summary>
    public int Places { get; } = places;
}
