using Ecommerce.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Idempotency;

public static class IdempotencyRegistration
{
    /// <summary>Idempotency keys for a module's endpoints, kept in the module's own database.</summary>
    public static IServiceCollection AddIdempotency<TContext>(this IServiceCollection services)
        where TContext : QueuedWritesDbContext
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName)
            .Validate(o => o.Expiration > TimeSpan.Zero, "Idempotency:Expiration must be positive.")
            .Validate(o => o.CleanupInterval > TimeSpan.Zero, "Idempotency:CleanupInterval must be positive.")
            .ValidateOnStart();
        services.AddHostedService<IdempotencyKeyCleanup<TContext>>();
        return services;
    }

    public static ModelBuilder AddIdempotencyKeys(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyKey>(key =>
        {
            key.ToTable("idempotency_keys");
            key.HasKey(k => k.Key);
            key.Property(k => k.Key).HasMaxLength(200);
            key.Property(k => k.RequestHash).HasMaxLength(64);
            key.Property(k => k.Location).HasMaxLength(500);
            key.Property(k => k.CreatedAt).HasConversion(UnixMilliseconds.Converter);
            key.Property(k => k.ExpiresAt).HasConversion(UnixMilliseconds.Converter);
            key.HasIndex(k => k.ExpiresAt);
        });
        return modelBuilder;
    }
}
