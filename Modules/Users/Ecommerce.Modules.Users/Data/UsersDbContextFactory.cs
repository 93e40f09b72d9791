using Ecommerce.Platform.Messaging.Modules;

namespace Ecommerce.Modules.Users.Data;

internal sealed class UsersDbContextFactory : ModuleDbContextFactory<UsersDbContext>;
