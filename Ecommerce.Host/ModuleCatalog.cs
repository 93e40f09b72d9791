using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Users;
using Ecommerce.Platform;
using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Host;

/// <summary>
/// The one list of modules. The host runs the enabled ones (<c>Modules:Enabled</c>, e.g. "Users",
/// "Orders" or "Users,Orders"; all by default), and the architecture tests check every one. A module
/// that is not enabled has no endpoints, database, relay or consumers here: the same image runs the
/// monolith or any one module as a service.
/// </summary>
public static class ModuleCatalog
{
    public const string EnabledKey = "Modules:Enabled";

    public static readonly IReadOnlyList<IModule> All = [new UsersModule(), new OrdersModule()];

    public static IReadOnlyList<IModule> Enabled(IConfiguration configuration)
    {
        var value = configuration[EnabledKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return All;
        }

        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.Where(n => !All.Any(m => m.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new InvalidConfigurationException(
                $"{EnabledKey} must list modules among {string.Join(", ", All.Select(m => m.Name))} (got '{value}').");
        }

        return All.Where(m => names.Contains(m.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
