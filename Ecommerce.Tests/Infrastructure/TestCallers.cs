using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ecommerce.Tests.Infrastructure;

/// <summary>
/// Who a request on TestServer comes from, which TestServer cannot say (no client address, no sign-in):
/// the address in <see cref="AddressHeader"/> and a signed-in user whose <c>sub</c> is <see cref="UserHeader"/>.
/// Outermost, so the host's pipeline sees them as a real connection and authentication would give them.
/// </summary>
public sealed class TestCallers : IStartupFilter
{
    public const string AddressHeader = "X-Test-Client-Address";
    public const string UserHeader = "X-Test-User";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(AddressHeader, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            if (context.Request.Headers.TryGetValue(UserHeader, out var user))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user.ToString())], authenticationType: "Test"));
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
