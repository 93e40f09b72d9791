using Ecommerce.Modules.Users.OrderSummaries;
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
        // Whole cents in an INTEGER column, as Orders stores prices: exact, never a binary float.
        summary.Property(s => s.TotalSpent)
            .HasColumnName("TotalSpentCents")
            .HasConversion(total => (long)(total * 100m), cents => (cents / 100m) + 0.00m);
    }
}
