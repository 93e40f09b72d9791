using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Modules.Users.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users");
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).ValueGeneratedNever();
        user.Property(u => u.Name).HasMaxLength(200);
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.NormalizedEmail).HasMaxLength(254);
        // The database, not a check-then-insert, decides which of two racing requests gets the email.
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}
