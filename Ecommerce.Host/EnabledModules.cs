namespace Ecommerce.Host;

/// <summary>
/// Which modules this process runs (<c>Modules:Enabled</c>, e.g. "Users", "Orders" or "Users,Orders";
/// all by default). A module that is not enabled has no endpoints, database, relay or consumers
/// here: the same image runs the monolith or any one module as a service.
/// </summary>
internal sealed class EnabledModules
{
    public const string Key = "Modules:Enabled";
    private static readonly string[] Known = ["Users", "Orders"];
    private readonly HashSet<string> _enabled;

    private EnabledModules(HashSet<string> enabled) => _enabled = enabled;

    public bool Users => _enabled.Contains("Users");

    public bool Orders => _enabled.Contains("Orders");

    public static EnabledModules From(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new EnabledModules([.. Known]);
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !Known.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Key} must list modules among {string.Join(", ", Known)} (got '{value}').");
        }

        return new EnabledModules(names.Select(n => Known.First(k => k.Equals(n, StringComparison.OrdinalIgnoreCase))).ToHashSet());
    }

    public override string ToString() => string.Join(",", _enabled);
}
