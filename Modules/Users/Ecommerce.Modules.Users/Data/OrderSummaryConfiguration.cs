using Ecommerce.Modules.Users.OrderSummaries;
using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecommerce.Modules.Users.Data;

internal sealed class OrderSummaryConfiguration : IEntityTypeConfiguration<OrderSummary>
{
    public void Configure(EntityTypeBuilder<OrderSummary> summary)
    {
        summary.ToTable("order_summaries");
        summary.HasKey(s => s.UserId);
        summary.Property(s => s.UserId).ValueGeneratedNever();
        summary.Property(s => s.TotalSpent).HasColumnName("TotalSpentCents").HasConversion(Money.CentsConverter);
        summary.Property(s => s.Version).IsConcurrencyToken();
    }
}
