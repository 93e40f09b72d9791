using System.Text.RegularExpressions;
using Ecommerce.Platform.Contracts;

namespace Ecommerce.Modules.Orders.Contracts;

/// <summary>
/// The shop's currency: every new order is placed in it, and an <see cref="OrderCreatedV1"/>, which
/// names none, is read in it. Configured by <see cref="ConfigurationKey"/>, the same on every host.
/// </summary>
public static class OrderCurrency
{
    /// <summary>Where the shop's currency is configured.</summary>
    public const string ConfigurationKey = "Orders:Currency";

    /// <summary>The shop's currency when none is configured.</summary>
    public const string Default = "EUR";

    /// <summary>An ISO 4217 alphabetic code: three capital letters.</summary>
    public const string Pattern = "^[A-Z]{3}$";

    /// <summary>Whether <paramref name="code"/> is a currency code (<see cref="Pattern"/>).</summary>
    public static bool IsCode(string? code) => code is not null && Regex.IsMatch(code, Pattern);

    /// <summary>The message of a host that is given something else.</summary>
    public const string InvalidMessage = ConfigurationKey + " must be an ISO 4217 code: three capital letters, e.g. EUR.";

    /// <summary>The shop's currency as <paramref name="settings"/> configure it.</summary>
    public static string Of(EventSettings settings) => settings[ConfigurationKey] ?? Default;
}
