using System.Net;
using System.Text.Json;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Split;

/// <summary>
/// The same host as two services (Modules:Enabled=Users and Modules:Enabled=Orders), each with its own
/// database, sharing one Kafka: to a client it behaves as the monolith does, one port per module.
/// </summary>
public sealed class SplitServicesTests(EmbeddedKafkaBroker broker) : IClassFixture<EmbeddedKafkaBroker>
{
    [Fact]
    public async Task A_users_service_and_an_orders_service_on_one_broker_behave_like_the_monolith()
    {
        var name = $"split-{Guid.NewGuid():N}";
        await using var usersService = new KafkaTestHost(broker, name) { Settings = { ["Modules:Enabled"] = "Users" } };
        await using var ordersService = new KafkaTestHost(broker, name) { Settings = { ["Modules:Enabled"] = "Orders" } };
        var users = usersService.CreateClient();
        var orders = ordersService.CreateClient();

        var user = await users.CreateUserAsync();
        var order = await orders.CreateOrderOnceUserIsKnownAsync(user.Id, totalPrice: 20.00m);
        (await users.OrderSummaryOnceAsync(user.Id, s => s.Count == 1)).TotalSpent.Should().Be(20.00m);
        (await orders.PostAsync($"/orders/{order.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await users.OrderSummaryOnceAsync(user.Id, s => s.Count == 0)).TotalSpent.Should().Be(0m);

        (await orders.GetAsync($"/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "Users does not run in the orders service");
        (await users.GetAsync($"/orders/{order.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "Orders does not run in the users service");
        Directory.GetFiles(usersService.DataDirectory, "*.db").Select(Path.GetFileName).Should().Equal("users.db");
        Directory.GetFiles(ordersService.DataDirectory, "*.db").Select(Path.GetFileName).Should().Equal("orders.db");
    }

    [Fact]
    public async Task An_orders_service_started_after_users_were_created_learns_them_from_the_start_of_the_users_stream()
    {
        var name = $"late-{Guid.NewGuid():N}";
        await using var usersService = new KafkaTestHost(broker, name) { Settings = { ["Modules:Enabled"] = "Users" } };
        var users = usersService.CreateClient();
        var earlier = new List<Api.UserDto>();
        for (var i = 0; i < 3; i++)
        {
            earlier.Add(await users.CreateUserAsync());
        }

        await Eventually.Async(() => Task.FromResult(KafkaTopic.ReadAll(usersService.BootstrapServers, usersService.UsersTopic).Count),
            count => count == 3, "the users to be on the users topic before the orders service exists");

        await using var ordersService = new KafkaTestHost(broker, name) { Settings = { ["Modules:Enabled"] = "Orders" } };
        var orders = ordersService.CreateClient();

        foreach (var user in earlier)
        {
            (await orders.CreateOrderOnceUserIsKnownAsync(user.Id)).UserId.Should().Be(user.Id);
        }
    }

    [Fact]
    public async Task A_service_documents_and_checks_only_the_modules_it_runs()
    {
        await using var usersService = new KafkaTestHost(broker) { Settings = { ["Modules:Enabled"] = "Users" } };
        var client = usersService.CreateClient();

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain("/users").And.NotContain(p => p.StartsWith("/orders", StringComparison.Ordinal));
        using var ready = JsonDocument.Parse(await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        var checks = ready.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        checks.Should().Contain(["database:users", "outbox:users", "kafka"]).And.NotContain(["database:orders", "outbox:orders"]);
    }
}
