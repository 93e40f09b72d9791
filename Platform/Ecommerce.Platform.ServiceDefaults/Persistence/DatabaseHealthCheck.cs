using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ecommerce.Platform.Persistence;

/// <summary>Readiness of one module's database: it opens and answers a query.</summary>
internal sealed class DatabaseHealthCheck<TContext>(IServiceScopeFactory scopes) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var connection = db.Database.GetDbConnection();
        var name = db.Database.IsSqlite() ? Path.GetFileName(connection.DataSource) : $"{connection.Database} on {connection.DataSource}";
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{name} answers")
                : HealthCheckResult.Unhealthy($"{name} cannot be opened");
        }
        catch (Exception e) when (Failures.IsEnvironmental(e))
        {
            return HealthCheckResult.Unhealthy($"{name} cannot be reached: {e.GetBaseException().Message}");
        }
    }
}
