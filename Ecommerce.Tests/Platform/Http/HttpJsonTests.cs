using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ecommerce.Modules.Orders;
using Ecommerce.Modules.Orders.CreateOrder;
using Ecommerce.Modules.Users;
using Ecommerce.Modules.Users.CreateUser;
using Ecommerce.Platform.Http;
using Ecommerce.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Platform.Http;

public sealed class HttpJsonTests(TestHost host) : IClassFixture<TestHost>
{
    [Fact]
    public void Every_type_an_endpoint_reads_or_writes_comes_from_a_source_generated_context()
    {
        var json = host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var endpointTypes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<IAcceptsMetadata>().Select(a => a.RequestType)
                .Concat(e.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.Type)))
            .OfType<Type>()
            .Where(t => t != typeof(void))
            .Distinct()
            .ToList();

        endpointTypes.Should().Contain([
            typeof(CreateUserRequest), typeof(UserResponse), typeof(UserDetailsResponse), typeof(PagedList<UserResponse>),
            typeof(CreateOrderRequest), typeof(OrderResponse), typeof(PagedList<OrderResponse>),
            typeof(ProblemDetails), typeof(HttpValidationProblemDetails),
        ]);
        json.TypeInfoResolverChain.Should().NotContain(resolver => resolver is DefaultJsonTypeInfoResolver, "no type should fall back to reflection");
        var contexts = json.TypeInfoResolverChain.OfType<JsonSerializerContext>().ToList();
        endpointTypes.Where(type => !contexts.Any(context => context.GetTypeInfo(type) is not null))
            .Should().BeEmpty("each type an endpoint reads or writes is declared in a module's JsonSerializerContext (or is ASP.NET Core's ProblemDetails)");
    }
}
