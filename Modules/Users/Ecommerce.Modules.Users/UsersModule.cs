using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.CreateUser;
using Ecommerce.Modules.Users.Data;
using Ecommerce.Modules.Users.GetUser;
using Ecommerce.Modules.Users.ListUsers;
using Ecommerce.Modules.Users.OrderSummaries;
using Ecommerce.Platform.Http;
using Ecommerce.Platform.Messaging.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Modules.Users;

/// <summary>The Users module's two doors: its services and its endpoints.</summary>
public sealed class UsersModule : IModule
{
    public string Name => "Users";

    public void AddServices(IServiceCollection services)
    {
        // Users reads an OrderCreated version 1 in the shop's currency: a bad one must stop this host at
        // its start (as it stops Orders'), not turn those events into dead letters.
        services.AddOptions<ShopCurrencyOptions>().BindConfiguration(ShopCurrencyOptions.SectionName)
            .Validate(o => OrderCurrency.IsCode(o.Currency), OrderCurrency.InvalidMessage)
            .ValidateOnStart();
        services.AddModule<UsersDbContext, UsersSqliteDbContext, UsersPostgreSqlDbContext>(new ModuleManifest(Name, UsersStream.Name, StreamRetention.LatestPerKey)
            .Publishes<UserCreated>()
            .Consumes<OrderCreated, OrderSummaryConsumer>(OrdersStream.Name)
            .Consumes<OrderCancelled, OrderSummaryConsumer>(OrdersStream.Name));
        services.AddHttpJsonContext(UsersJsonContext.Default);
    }

    /// <summary>The shop's currency as Users sees it: <see cref="OrderCurrency.ConfigurationKey"/>.</summary>
    private sealed class ShopCurrencyOptions
    {
        public const string SectionName = "Orders";

        public string Currency { get; set; } = OrderCurrency.Default;
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Every endpoint needs a caller but sign-up, which is how a caller comes to exist.
        var users = endpoints.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapCreateUser();
        users.MapGetUser();
        users.MapListUsers();
    }
}
