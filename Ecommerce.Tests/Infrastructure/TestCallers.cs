using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// Where a request on TestServer comes from, which TestServer cannot say (it gives no client address):
/// the address in <see cref="AddressHeader"/>. Outermost, so the host's pipeline sees it as a real
/// connection's. Who the caller is comes from their bearer token, as anywhere.
/// </summary>
public sealed class TestCallers : IStartupFilter
{
    public const string AddressHeader = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
