using System.Net;
using System.Net.Http.Json;
using Ecommerce.Benchmark;
using Ecommerce.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ecommerce.Tests.Faults;

[Collection(FaultSuite.Name)]
public sealed class RaceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Racing_requests_against_the_real_process_leave_exact_state()
    {
        var (broker, bootstrap) = await FaultSuite.StartBrokerAsync();
        await using var brokerProcess = broker;
        await using var host = await FaultSuite.StartHostAsync(bootstrap, FaultSuite.NewDataDirectory(), FaultSuite.FreePort());
        var client = host.Client;

        var email = Api.UniqueEmail();
        var creates = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.PostAsJsonAsync("/users", new { name = $"Racer {i}", email })));
        creates.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        creates.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(49);
        host.Scalar("users", $"SELECT COUNT(*) FROM users WHERE \"NormalizedEmail\" = '{email}'").Should().Be(1);

        var user = (await creates.Single(r => r.StatusCode == HttpStatusCode.Created).ReadAsync<Api.UserDto>()).Id;
        var order = await client.CreateOrderOnceUserIsKnownAsync(user, totalPrice: 1.00m);
        var cancels = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsync($"/orders/{order.Id}/cancel", null)));
        cancels.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        cancels.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(19);

        var orders = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.PostAsJsonAsync("/orders", new { userId = user, product = $"Item {i}", quantity = 1, totalPrice = 2.25m })));
        orders.Should().AllSatisfy(r => r.StatusCode.Should().Be(HttpStatusCode.Created));
        await HostUnderTest.WaitUntilAsync(() => host.SummaryOrderCount(user) == 50, TimeSpan.FromSeconds(60), "the summary to count every order");
        var summary = (await client.GetUserAsync(user)).Orders;
        summary.TotalSpent.Should().Be(112.50m);
        output.WriteLine($"| races | 50 duplicate emails, 20 cancels of one order, 50 orders of one user | 1 user, 1 cancel, summary {summary.Count} orders / {summary.TotalSpent} | lost 0 | duplicated effects 0 | 5xx 0 |");
    }
}
