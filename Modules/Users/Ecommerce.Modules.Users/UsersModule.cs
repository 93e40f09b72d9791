using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Shared.Http;
using Ecommerce.Modules.Shared.Http.Idempotency;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Persistence;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.CreateUser;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Modules.Users.GetUser;
using Ecommerce.Modules.Users.ListUsers;
using Ecommerce.Modules.Users.OrderSummaries;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Modules.Users;

/// <summary>The Users module's two doors: its services and its endpoints.</summary>
public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services)
    {
        services.AddModuleDatabase<UsersDbContext>("users.db");
        services.AddRequestValidators(typeof(UsersModule).Assembly);
        services.AddIdempotency<UsersDbContext>();
        services.AddModuleMessaging<UsersDbContext>("Users", UsersStream.Name, messaging => messaging
            .Publishes<UserCreated>()
            .Consumes<OrderCreated, OrderSummaryConsumer>(OrdersStream.Name)
            .Consumes<OrderCancelled, OrderSummaryConsumer>(OrdersStream.Name));
        return services;
    }

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/users").WithTags("Users");
        users.MapCreateUser();
        users.MapGetUser();
        users.MapListUsers();
        return endpoints;
    }
}
