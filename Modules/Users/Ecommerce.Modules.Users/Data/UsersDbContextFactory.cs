using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Modules.Users.Data;

internal sealed class UsersSqliteDbContextFactory : SqliteDbContextFactory<UsersSqliteDbContext>;

internal sealed class UsersPostgreSqlDbContextFactory : PostgreSqlDbContextFactory<UsersPostgreSqlDbContext>;
