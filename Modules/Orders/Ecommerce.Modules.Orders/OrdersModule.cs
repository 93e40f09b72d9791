using Ecommerce.Modules.Orders.CancelOrder;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.CreateOrder;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Modules.Orders.GetOrder;
using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Modules.Orders.ListOrders;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Modules.Orders;

/// <summary>The Orders module's two doors: its services and its endpoints.</summary>
public sealed class OrdersModule : IModule
{
    public string Name => "Orders";

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.SectionName)
            .Validate(o => OrderCurrency.IsCode(o.Currency), OrderCurrency.InvalidMessage)
            .ValidateOnStart();
        services.AddModule<OrdersDbContext, OrdersSqliteDbContext, OrdersPostgreSqlDbContext>(new ModuleManifest(Name, OrdersStream.Name, StreamRetention.Forever)
            .Publishes<OrderCreated>()
            .Publishes<OrderCancelled>()
            .Consumes<UserCreated, UserCreatedConsumer>(UsersStream.Name));
        services.AddHttpJsonContext(OrdersJsonContext.Default);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/orders").WithTags("Orders").RequireAuthorization();
        orders.MapCreateOrder();
        orders.MapGetOrder();
        orders.MapListOrders();
        orders.MapCancelOrder();
    }
}
