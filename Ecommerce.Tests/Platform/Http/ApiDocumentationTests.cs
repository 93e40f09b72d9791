using System.Net;
using System.Text.Json;
using Ecommerce.Tests.Infrastructure;

namespace Ecommerce.Tests.Platform.Http;

public sealed class ApiDocumentationTests(TestHost host) : IClassFixture<TestHost>
{
    private readonly HttpClient _client = host.CreateClient();

    [Theory]
    [InlineData("/users", "post", new[] { "201", "400", "409" })]
    [InlineData("/users", "get", new[] { "200", "400" })]
    [InlineData("/users/{id}", "get", new[] { "200", "404" })]
    [InlineData("/orders", "post", new[] { "201", "400", "422" })]
    [InlineData("/orders", "get", new[] { "200", "400" })]
    [InlineData("/orders/{id}", "get", new[] { "200", "404" })]
    [InlineData("/orders/{id}/cancel", "post", new[] { "200", "404", "409" })]
    public async Task The_openapi_document_lists_every_response_of_every_endpoint(string path, string method, string[] statuses)
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json"));

        var responses = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");

        responses.EnumerateObject().Select(r => r.Name).Should().Contain(statuses);
    }

    [Fact]
    public async Task The_api_reference_page_is_served()
    {
        var response = await _client.GetAsync("/scalar/v1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task Switched_off_the_api_docs_and_the_redirect_to_them_are_not_served()
    {
        await using var withoutDocs = new TestHost { Settings = { ["ApiDocs:Enabled"] = "false" } };
        var client = withoutDocs.CreateClient();

        foreach (var path in new[] { "/openapi/v1.json", "/scalar/v1", "/" })
        {
            (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }

        (await client.GetAsync("/users")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
