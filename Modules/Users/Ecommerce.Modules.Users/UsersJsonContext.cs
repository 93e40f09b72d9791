using System.Text.Json.Serialization;
using Ecommerce.Modules.Users.CreateUser;
using Ecommerce.Platform.Http;

namespace Ecommerce.Modules.Users;

/// <summary>Every type Users' endpoints read or write as JSON, generated at build time (ProblemDetails are ASP.NET Core's own context).</summary>
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UserDetailsResponse))]
[JsonSerializable(typeof(PagedList<UserResponse>))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
