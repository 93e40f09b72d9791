using System.Net;
using System.Net.Http.Json;
using Ecommerce.Modules.Orders.Data;
using Ecommerce.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ecommerce.Tests.Orders;

public abstract class CreateOrderTests<THost>(THost host) : IClassFixture<THost>
    where THost : TestHost
{
    private readonly HttpClient _client = host.CreateClient();

    private async Task<Guid> KnownUserAsync()
    {
        var userId = Guid.CreateVersion7();
        await host.MakeUserKnownToOrdersAsync(userId);
        return userId;
    }

    [Fact]
    public async Task Creating_an_order_for_a_known_user_returns_201_with_location_and_body()
    {
        var userId = await KnownUserAsync();

        var response = await _client.PostAsJsonAsync("/orders",
            new { userId, product = "Mechanical keyboard", quantity = 2, totalPrice = 199.98m });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var order = await response.ReadAsync<Api.OrderDto>();
        order.UserId.Should().Be(userId);
        order.Product.Should().Be("Mechanical keyboard");
        order.Quantity.Should().Be(2);
        order.TotalPrice.Should().Be(199.98m);
        order.Status.Should().Be("Placed");
        order.CancelledAt.Should().BeNull();
        order.Id.Version.Should().Be(7);
        response.Headers.Location!.ToString().Should().Be($"/orders/{order.Id}");
    }

    [Fact]
    public async Task Creating_an_order_for_an_unknown_user_returns_422_saying_orders_does_not_know_the_user_yet()
    {
        var before = await CountOrdersAsync();
        var stranger = Guid.CreateVersion7();

        var response = await _client.PostAsJsonAsync("/orders",
            new { userId = stranger, product = "Mouse", quantity = 1, totalPrice = 10m });

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await response.ReadProblemAsync();
        problem.Detail.Should().Contain(stranger.ToString()).And.Contain("not known to orders yet");
        (await CountOrdersAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Remembering_the_same_user_twice_is_harmless()
    {
        var userId = await KnownUserAsync();

        await host.MakeUserKnownToOrdersAsync(userId);

        (await _client.PostAsJsonAsync("/orders", new { userId, product = "Pen", quantity = 1, totalPrice = 1m }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("12.5", "12.50")]
    [InlineData("0", "0.00")]
    [InlineData("0.1", "0.10")]
    [InlineData("123456789.99", "123456789.99")]
    [InlineData("1000000000", "1000000000.00")]
    public async Task The_total_price_is_exact_with_two_decimal_places_in_json(string sent, string returned)
    {
        var userId = await KnownUserAsync();

        var created = await _client.PostJsonAsync("/orders",
            $$"""{"userId":"{{userId}}","product":"Thing","quantity":1,"totalPrice":{{sent}}}""");
        var fetched = await _client.GetAsync(created.Headers.Location);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (await created.Content.ReadAsStringAsync()).Should().Contain($"\"totalPrice\":{returned},");
        (await fetched.Content.ReadAsStringAsync()).Should().Contain($"\"totalPrice\":{returned},");
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"product":"P","quantity":1,"totalPrice":1}""", "userId" },
        { """{"userId":"00000000-0000-0000-0000-000000000000","product":"P","quantity":1,"totalPrice":1}""", "userId" },
        { """{"userId":"not-a-guid","product":"P","quantity":1,"totalPrice":1}""", "userId" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","quantity":1,"totalPrice":1}""", "product" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"  ","quantity":1,"totalPrice":1}""", "product" },
        { $$"""{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"{{new string('p', 201)}}","quantity":1,"totalPrice":1}""", "product" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":0,"totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":10001,"totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1.5,"totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":"2","totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":99999999999,"totalPrice":1}""", "quantity" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1}""", "totalPrice" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1,"totalPrice":-0.01}""", "totalPrice" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1,"totalPrice":1.234}""", "totalPrice" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1,"totalPrice":"1.00"}""", "totalPrice" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1,"totalPrice":1000000000.01}""", "totalPrice" },
        { """{"userId":"0196d5c0-0000-7000-8000-000000000001","product":"P","quantity":1,"totalPrice":1e400}""", "totalPrice" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Creating_an_order_with_an_invalid_field_returns_400_naming_it_and_writes_nothing(string body, string field)
    {
        var before = await CountOrdersAsync();

        var response = await _client.PostJsonAsync("/orders", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(field);
        (await CountOrdersAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Validation_runs_before_the_known_user_check()
    {
        var response = await _client.PostJsonAsync("/orders",
            $$"""{"userId":"{{Guid.CreateVersion7()}}","product":"P","quantity":0,"totalPrice":1}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private Task<int> CountOrdersAsync() => host.InScopeAsync<OrdersDbContext, int>(db => db.Orders.CountAsync());
}

/// <summary>On SQLite files, the embedded default.</summary>
public sealed class CreateOrderTestsOnSqlite(TestHost host) : CreateOrderTests<TestHost>(host);

/// <summary>On PostgreSQL, where the database, not this process, arbitrates concurrent writers.</summary>
public sealed class CreateOrderTestsOnPostgreSql(PostgreSqlTestHost host) : CreateOrderTests<PostgreSqlTestHost>(host);
