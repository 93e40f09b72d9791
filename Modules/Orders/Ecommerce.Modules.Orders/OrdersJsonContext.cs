using System.Text.Json.Serialization;
using Ecommerce.Modules.Orders.CreateOrder;
using Ecommerce.Platform.Http;

namespace Ecommerce.Modules.Orders;

/// <summary>Every type Orders' endpoints read or write as JSON, generated at build time (ProblemDetails are ASP.NET Core's own context).</summary>
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(PagedList<OrderResponse>))]
internal sealed partial class OrdersJsonContext : JsonSerializerContext;
