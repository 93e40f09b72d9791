using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>A logger provider that keeps every record with its scopes, to assert on what the host logs.</summary>
public sealed class LogCollector : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Record> _records = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public sealed record Record(LogLevel Level, string Category, string Message, string? Exception, IReadOnlyList<object?> Scopes)
    {
        public string? Scope(string key) => Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>()
            .SelectMany(s => s).Where(p => p.Key == key).Select(p => p.Value?.ToString()).FirstOrDefault();

        public override string ToString() => $"{Level} {Category}: {Message} {Exception} [{string.Join(" | ", Scopes)}]";
    }

    public IReadOnlyList<Record> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector collector, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => collector._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            collector._scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            collector._records.Enqueue(new Record(logLevel, category, formatter(state, exception), exception?.ToString(), scopes));
        }
    }
}
