using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Modules;

/// <summary>
/// A business module as the host sees it: a name and two doors. The host keeps the one list of
/// modules; <c>Modules:Enabled</c> picks among them.
/// </summary>
public interface IModule
{
    /// <summary>The module's name, e.g. "Users": its consumer group, database file and schema derive from it.</summary>
    string Name { get; }

    /// <summary>Registers everything the module needs, with one <see cref="ModuleRegistration.AddModule{TContext}"/> call.</summary>
    void AddServices(IServiceCollection services);

    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
