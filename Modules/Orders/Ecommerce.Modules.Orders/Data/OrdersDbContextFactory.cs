using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class OrdersDbContextFactory : ModuleDbContextFactory<OrdersDbContext>;
