using System.Net;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Users;

public sealed class GetAndListUsersTests : IAsyncLifetime
{
    // Its own host: paging assertions need a database holding only this class's users.
    private readonly TestHost _host = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Getting_an_unknown_user_returns_404()
    {
        var response = await _client.GetAsync($"/users/{Guid.CreateVersion7()}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.ReadProblemAsync()).Detail.Should().Contain("does not exist");
    }

    [Fact]
    public async Task Getting_a_user_with_a_malformed_id_returns_404()
    {
        var response = await _client.GetAsync("/users/not-a-guid");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listing_users_pages_through_all_of_them_in_creation_order()
    {
        var created = new List<Api.UserDto>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _client.CreateUserAsync(name: $"User {i}"));
        }

        var first = await (await _client.GetAsync("/users?page=1&pageSize=2")).ReadAsync<Api.PageDto<Api.UserDto>>();
        var second = await (await _client.GetAsync("/users?page=2&pageSize=2")).ReadAsync<Api.PageDto<Api.UserDto>>();
        var third = await (await _client.GetAsync("/users?page=3&pageSize=2")).ReadAsync<Api.PageDto<Api.UserDto>>();

        first.TotalCount.Should().Be(5);
        first.TotalPages.Should().Be(3);
        first.Page.Should().Be(1);
        first.PageSize.Should().Be(2);
        first.Items.Concat(second.Items).Concat(third.Items).Select(u => u.Id)
            .Should().Equal(created.Select(u => u.Id));
    }

    [Fact]
    public async Task Listing_users_without_paging_parameters_uses_page_1_of_20()
    {
        await _client.CreateUserAsync();

        var page = await (await _client.GetAsync("/users")).ReadAsync<Api.PageDto<Api.UserDto>>();

        page.Page.Should().Be(1);
        page.PageSize.Should().Be(20);
        page.Items.Should().NotBeEmpty();
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_reports_the_total()
    {
        await _client.CreateUserAsync();

        var page = await (await _client.GetAsync("/users?page=1000&pageSize=10")).ReadAsync<Api.PageDto<Api.UserDto>>();

        page.Items.Should().BeEmpty();
        page.TotalCount.Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    public async Task Listing_users_with_out_of_range_paging_returns_400_naming_the_parameter(string query, string field)
    {
        var response = await _client.GetAsync($"/users?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task Listing_users_with_a_non_numeric_page_returns_400()
    {
        var response = await _client.GetAsync("/users?page=abc");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadProblemAsync()).Status.Should().Be(400);
    }
}
