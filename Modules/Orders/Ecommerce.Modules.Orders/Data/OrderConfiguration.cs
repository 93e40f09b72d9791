using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Modules.Orders.Data;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasKey(o => o.Id);
        order.Property(o => o.Id).ValueGeneratedNever();
        order.Property(o => o.Product).HasMaxLength(200);
        order.Property(o => o.TotalPrice).HasColumnName("TotalPriceCents").HasConversion(Money.CentsConverter);
        order.Property(o => o.Currency).HasMaxLength(3);
        // Status is a concurrency token: of two racing cancels, the second UPDATE matches no row.
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
        order.HasIndex(o => new { o.UserId, o.Id });
        // An order needs a user Orders knows of: the database checks it as it inserts, so no
        // separate lookup is needed and no race between the check and the insert exists.
        order.HasOne<KnownUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
