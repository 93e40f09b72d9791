using System.Net.Http.Json;
using Ecommerce.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecommerce.Tests.Operations;

public sealed class LoggingTests : IAsyncLifetime
{
    private readonly LogCollector _logs = new();
    private readonly TestHost _host;

    public LoggingTests() => _host = new TestHost
    {
        // Everything at Information, the framework's request logs included.
        Settings = { ["Logging:LogLevel:Default"] = "Information", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information", ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information" },
        TestServices = services => services.AddSingleton<ILoggerProvider>(_logs),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Information_logs_carry_no_email_or_name_even_on_conflicts_and_errors()
    {
        var client = _host.CreateClient();
        var email = $"private-{Guid.NewGuid():N}@example.com";
        const string name = "Zelda Private-Person";

        var user = await client.CreateUserAsync(email, name);
        await client.PostAsJsonAsync("/users", new { name, email });
        await client.PostAsJsonAsync("/users", new { name, email = email.Replace("@", "@@", StringComparison.Ordinal) });
        await client.CreateOrderOnceUserIsKnownAsync(user.Id);
        await _host.ConsumedAsync<Modules.Orders.Contracts.OrderCreated>(e => e.UserId == user.Id);

        var information = _logs.Records.Where(r => r.Level >= LogLevel.Information).ToList();
        information.Should().NotBeEmpty();
        information.Should().NotContain(r => r.ToString().Contains(email, StringComparison.OrdinalIgnoreCase)
            || r.ToString().Contains("private-", StringComparison.OrdinalIgnoreCase) || r.ToString().Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_lines_written_during_a_request_carry_its_trace_id()
    {
        var client = _host.CreateClient();

        await client.CreateUserAsync();

        var finished = await Eventually.Async(
            () => Task.FromResult(_logs.Records.LastOrDefault(r => r.Message.StartsWith("Request finished", StringComparison.Ordinal) && r.Message.Contains("POST", StringComparison.Ordinal))),
            r => r is not null, "the request log");
        finished!.Scope("TraceId").Should().MatchRegex("^[0-9a-f]{32}$");
        finished.Scope("SpanId").Should().MatchRegex("^[0-9a-f]{16}$");
    }
}
