using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Platform.Persistence;

/// <summary>
/// A compiled query, compiled once per concrete DbContext type. EF Core binds a compiled query to the
/// model it first runs on, and a module's context has one subclass (one model) per provider; a process
/// uses one provider, but the tests run both side by side.
/// </summary>
public sealed class CompiledPerModel<TContext, TParam, TResult>(Expression<Func<TContext, TParam, CancellationToken, TResult>> query)
    where TContext : DbContext
{
    private readonly ConcurrentDictionary<Type, Func<TContext, TParam, CancellationToken, Task<TResult>>> _compiled = new();

    public Task<TResult> RunAsync(TContext db, TParam parameter, CancellationToken ct) =>
        _compiled.GetOrAdd(db.GetType(), _ => EF.CompileAsyncQuery(query))(db, parameter, ct);
}
