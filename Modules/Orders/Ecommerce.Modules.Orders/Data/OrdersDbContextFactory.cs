using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class OrdersSqliteDbContextFactory : SqliteDbContextFactory<OrdersSqliteDbContext>;

internal sealed class OrdersPostgreSqlDbContextFactory : PostgreSqlDbContextFactory<OrdersPostgreSqlDbContext>;
