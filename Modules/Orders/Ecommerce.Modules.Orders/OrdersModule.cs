using Ecommerce.Modules.Orders.CancelOrder;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.CreateOrder;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.GetOrder;
using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Modules.Orders.ListOrders;
using Ecommerce.Modules.Shared.Http;
using Ecommerce.Modules.Shared.Http.Idempotency;
using Ecommerce.Modules.Shared.Messaging;
using Ecommerce.Modules.Shared.Persistence;
using Ecommerce.Modules.Users.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Modules.Orders;

/// <summary>The Orders module's two doors: its services and its endpoints.</summary>
public static class OrdersModule
{
    public static IServiceCollection AddOrdersModule(this IServiceCollection services)
    {
        services.AddModuleDatabase<OrdersDbContext>("orders.db");
        services.AddRequestValidators(typeof(OrdersModule).Assembly);
        services.AddIdempotency<OrdersDbContext>();
        services.AddModuleMessaging<OrdersDbContext>("Orders", OrdersStream.Name, messaging => messaging
            .Publishes<OrderCreated>()
            .Publishes<OrderCancelled>()
            .Consumes<UserCreated, UserCreatedConsumer>(UsersStream.Name));
        return services;
    }

    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders");
        orders.MapCreateOrder();
        orders.MapGetOrder();
        orders.MapListOrders();
        orders.MapCancelOrder();
        return endpoints;
    }
}
