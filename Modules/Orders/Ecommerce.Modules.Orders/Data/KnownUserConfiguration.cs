using Ecommerce.Modules.Orders.KnownUsers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class KnownUserConfiguration : IEntityTypeConfiguration<KnownUser>
{
    public void Configure(EntityTypeBuilder<KnownUser> knownUser)
    {
        knownUser.ToTable("known_users");
        knownUser.HasKey(u => u.UserId);
        knownUser.Property(u => u.UserId).ValueGeneratedNever();
    }
}
