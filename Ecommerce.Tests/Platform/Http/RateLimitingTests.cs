using Ecommerce.Benchmark;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Ecommerce.Host;
using Ecommerce.Platform.Http;
using Ecommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Tests.Platform.Http;

/// <summary>The host with rate limiting on, as outside Development, and small limits: 4 writes and 2 sign-ups an hour per caller.</summary>
public sealed class RateLimitedTestHost : TestHost
{
    public const int Writes = 4;
    public const int SignUps = 2;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public RateLimitedTestHost()
    {
        Settings["RateLimiting:Enabled"] = "true";
        Settings["RateLimiting:Writes:PermitLimit"] = Writes.ToString(CultureInfo.InvariantCulture);
        Settings["RateLimiting:Writes:Window"] = Window.ToString();
        Settings["RateLimiting:SignUp:PermitLimit"] = SignUps.ToString(CultureInfo.InvariantCulture);
        Settings["RateLimiting:SignUp:Window"] = Window.ToString();
        TestServices = services => services.AddSingleton<IStartupFilter, TestCallers>();
    }
}

/// <summary>
/// Writes are limited per caller (the signed-in user, else the client address); sign-up more strictly;
/// over the limit, 429 as a ProblemDetails with Retry-After. Each test uses callers of its own, so they
/// share the host but no budget.
/// </summary>
public sealed class RateLimitingTests(RateLimitedTestHost host) : IClassFixture<RateLimitedTestHost>
{
    [Fact]
    public async Task A_burst_of_writes_over_the_limit_gets_429_as_problem_details_with_retry_after()
    {
        var me = Guid.CreateVersion7();
        var client = Caller(NewAddress(), me);
        for (var i = 0; i < RateLimitedTestHost.Writes; i++)
        {
            (await PlaceOrderAsync(client, me)).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests, $"write {i + 1} is within the limit");
        }

        var refused = await PlaceOrderAsync(client, me);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value;
        retryAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(RateLimitedTestHost.Window);
        var problem = await refused.ReadProblemAsync();
        problem.Status.Should().Be(429);
        problem.Title.Should().Be("Too many requests");
        problem.Detail.Should().Contain($"{RateLimitedTestHost.Writes} writes").And.Contain($"retry after {retryAfter.TotalSeconds} s");
    }

    [Fact]
    public async Task Sign_up_is_limited_more_strictly_than_other_writes_and_on_a_budget_of_its_own()
    {
        var me = Guid.CreateVersion7();
        var client = Caller(NewAddress(), me);
        for (var i = 0; i < RateLimitedTestHost.SignUps; i++)
        {
            (await SignUpAsync(client)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var refused = await SignUpAsync(client);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await refused.ReadProblemAsync()).Detail.Should().Contain($"{RateLimitedTestHost.SignUps} sign-ups");
        for (var i = 0; i < RateLimitedTestHost.Writes; i++)
        {
            (await PlaceOrderAsync(client, me)).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests, "sign-ups do not spend the budget of other writes");
        }
    }

    [Fact]
    public void By_default_sign_up_allows_fewer_requests_per_minute_than_other_writes()
    {
        var defaults = new RateLimitingOptions();

        PerMinute(defaults.SignUp).Should().BeLessThan(PerMinute(defaults.Writes));
    }

    [Fact]
    public async Task Each_client_address_has_its_own_budget()
    {
        var first = Caller(address: NewAddress());
        var second = Caller(address: NewAddress());
        await SpendSignUpsAsync(first);

        (await SignUpAsync(first)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await SignUpAsync(second)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_signed_in_caller_has_its_own_budget_whichever_address_it_comes_from()
    {
        var address = NewAddress();
        var (alice, bob) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        for (var i = 0; i < RateLimitedTestHost.Writes; i++)
        {
            await PlaceOrderAsync(Caller(address, alice), alice);
        }

        (await PlaceOrderAsync(Caller(NewAddress(), alice), alice)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "alice's budget follows her");
        (await PlaceOrderAsync(Caller(address, bob), bob)).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests, "bob is another caller");
        (await SignUpAsync(Caller(address))).StatusCode.Should().Be(HttpStatusCode.Created, "an anonymous caller from that address is another caller");
    }

    [Fact]
    public async Task Reads_are_not_limited()
    {
        var address = NewAddress();
        var user = await Caller(address).CreateUserAsync();
        var client = Caller(address, user.Id);
        for (var i = 0; i < RateLimitedTestHost.Writes + 1; i++)
        {
            await PlaceOrderAsync(client, user.Id);
        }

        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync($"/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/orders?page=1&pageSize=1")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task Requests_without_a_client_address_share_one_budget()
    {
        // TestServer gives no address, as a Unix socket would not: such requests are limited together, not refused.
        var client = host.CreateClient();
        await SpendSignUpsAsync(client);

        (await SignUpAsync(client)).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public void Every_write_endpoint_names_a_limit_and_no_read_does()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (
                Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? Array.Empty<string>(),
                Policy: e.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName))
            .ToList();

        endpoints.Where(e => e.Methods.Contains("POST")).Should().NotBeEmpty()
            .And.OnlyContain(e => e.Policy == RateLimitPolicies.Writes || e.Policy == RateLimitPolicies.SignUp);
        endpoints.Where(e => e.Methods.Contains("GET")).Should().OnlyContain(e => e.Policy == null);
        endpoints.Single(e => e.Name == "CreateUser").Policy.Should().Be(RateLimitPolicies.SignUp);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")] // IPv4 on a dual-stack socket is the same caller
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")] // another address of the same subscriber: the same budget
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_ipv6_caller_is_counted_by_its_64_bit_prefix(string address, string partition)
    {
        CallerPartition.Network(IPAddress.Parse(address)).Should().Be(partition);
    }

    /// <summary>A client at <paramref name="address"/>, signed in as <paramref name="user"/> or anonymous.</summary>
    private HttpClient Caller(string address, Guid? user = null)
    {
        var client = host.CreateClient(user is { } id ? Tokens.ForUser(id) : null);
        client.DefaultRequestHeaders.Add(TestCallers.AddressHeader, address);
        return client;
    }

    private static int _addresses;

    private static string NewAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"10.0.{n / 256}.{n % 256}";
    }

    // An order of the caller's own, who Orders does not know: 422 within the limit, which is enough to spend it.
    private static Task<HttpResponseMessage> PlaceOrderAsync(HttpClient client, Guid caller) =>
        client.PostAsJsonAsync("/orders", new { userId = caller, product = "Keyboard", quantity = 1, totalPrice = 1.00m });

    private static Task<HttpResponseMessage> SignUpAsync(HttpClient client) =>
        client.PostAsJsonAsync("/users", new { name = "Ada Lovelace", email = Api.UniqueEmail() });

    private static async Task SpendSignUpsAsync(HttpClient client)
    {
        for (var i = 0; i < RateLimitedTestHost.SignUps; i++)
        {
            (await SignUpAsync(client)).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    private static double PerMinute(FixedWindowLimit limit) => limit.PermitLimit / limit.Window.TotalMinutes;
}
