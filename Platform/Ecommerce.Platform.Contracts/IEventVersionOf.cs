namespace Ecommerce.Platform.Contracts;

/// <summary>
/// An older version of an event, as it stays readable and writable once a newer one exists: read, it is
/// upcast to <typeparamref name="TNext"/>, so consumers only ever see the newest version; written (while
/// a producer is told to keep emitting it), it is made from <typeparamref name="TNext"/>. The two
/// directions live here, beside the old contract, and nowhere else.
/// </summary>
public interface IEventVersionOf<TNext, TSelf>
    where TNext : class
    where TSelf : class, IEventVersionOf<TNext, TSelf>
{
    /// <summary>This event as the next version says it.</summary>
    /// <param name="settings">The configuration the older version relied on implicitly (e.g. a default currency).</param>
    TNext Upcast(EventSettings settings);

    /// <summary>The next version as this one says it; throws when it cannot be said without loss.</summary>
    static abstract TSelf Downcast(TNext next, EventSettings settings);
}

/// <summary>Configuration values by key (e.g. <c>Orders:Currency</c>), as the host has them.</summary>
public sealed class EventSettings(Func<string, string?> read)
{
    /// <summary>No configuration: every key reads as unset.</summary>
    public static readonly EventSettings None = new(_ => null);

    /// <summary>The value configured for <paramref name="key"/>, or null.</summary>
    public string? this[string key] => read(key);
}
