using System.Reflection;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecommerce.Platform.Http;

public static class Validation
{
    /// <summary>
    /// Registers a module's validators (of its requests, and of the events it consumes, which the consume
    /// pipeline runs) and the shared paging validator.
    /// </summary>
    public static IServiceCollection AddRequestValidators(this IServiceCollection services, Assembly moduleAssembly)
    {
        services.AddValidatorsFromAssembly(moduleAssembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.TryAddSingleton<IValidator<PageQuery>, PageQueryValidator>();
        return services;
    }
}
