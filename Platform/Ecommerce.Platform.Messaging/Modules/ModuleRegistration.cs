using Ecommerce.Platform.Http;
using Ecommerce.Platform.Idempotency;
using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Modules;

public static class ModuleRegistration
{
    /// <summary>
    /// Everything a module needs, in one call: its DbContext on its own database or schema (migrated at
    /// startup), its request and event validators, idempotency keys, and its <paramref name="manifest"/>, from which
    /// the host wires the outbox relay and the consumers. Each commit of the DbContext wakes the module's
    /// relay. <typeparamref name="TSqlite"/> and <typeparamref name="TPostgreSql"/> are the module's
    /// context on each provider: each carries its own migrations.
    /// </summary>
    public static IServiceCollection AddModule<TContext, TSqlite, TPostgreSql>(this IServiceCollection services, ModuleManifest manifest)
        where TContext : ModuleDbContext
        where TSqlite : TContext
        where TPostgreSql : TContext
    {
        manifest.DbContextType = typeof(TContext);
        services.AddModuleDatabase<TContext, TSqlite, TPostgreSql>(manifest.Schema);
        services.AddRequestValidators(typeof(TContext).Assembly);
        services.AddIdempotency<TContext>();
        services.AddSingleton(manifest);
        services.ConfigureDbContext<TContext>(options => options.AddInterceptors(manifest.Signal));
        return services;
    }

    /// <summary>The module's DbContext in <paramref name="scope"/>: the one its endpoints and consumers change.</summary>
    public static ModuleDbContext DbContextIn(this ModuleManifest module, IServiceProvider scope) =>
        (ModuleDbContext)scope.GetRequiredService(module.DbContextType);
}
