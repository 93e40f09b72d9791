using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Orders.CreateOrder;
using Ecommerce.Modules.Orders.KnownUsers;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Modules.Users.CreateUser;
using Ecommerce.Modules.Users.OrderSummaries;
using Ecommerce.Platform;
using Ecommerce.Platform.Messaging.Consuming;
using FluentValidation;

namespace Ecommerce.Tests.Platform.Messaging;

/// <summary>
/// A consumer refuses exactly the events whose request the API would have refused: the request's
/// validator and the event's validator give the same verdict on each field, with the same message.
/// </summary>
public sealed class EventRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string?> Names => [null, "", "   ", "Ada", new string('a', 200), $"  {new string('a', 200)}  ", new string('a', 201)];

    public static TheoryData<string?> Emails =>
        [null, "", "ada@example.com", " ada@example.com ", "ada@example", "a b@example.com", "Ada <ada@example.com>", $"{new string('a', 64)}@{new string('b', 190)}.com"];

    public static TheoryData<string?> Products => [null, "", "  ", "Keyboard", new string('p', 200), new string('p', 201)];

    public static TheoryData<int> Quantities => [-1, 0, 1, 10_000, 10_001];

    public static TheoryData<string> Prices => ["-0.01", "0", "0.5", "9.999", "1000000000", "1000000000.01"];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_user_name_gets_the_same_verdict_in_a_request_and_in_UserCreated(string? name)
    {
        var request = Errors(new CreateUserValidator(), new CreateUserRequest(name, "ada@example.com"));
        var @event = Errors(new UserCreatedValidator(), new UserCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), name!, "ada@example.com", Now));

        @event.Should().Equal(request);
    }

    [Theory]
    [MemberData(nameof(Emails))]
    public void An_email_gets_the_same_verdict_in_a_request_and_in_UserCreated(string? email)
    {
        var request = Errors(new CreateUserValidator(), new CreateUserRequest("Ada", email));
        var @event = Errors(new UserCreatedValidator(), new UserCreated(Guid.CreateVersion7(), Guid.CreateVersion7(), "Ada", email!, Now));

        @event.Should().Equal(request);
    }

    [Theory]
    [MemberData(nameof(Products))]
    public void A_product_gets_the_same_verdict_in_a_request_and_in_OrderCreated(string? product)
    {
        var request = Errors(new CreateOrderValidator(), new CreateOrderRequest(Guid.CreateVersion7(), product, 1, 1m));
        var @event = Errors(new OrderCreatedValidator(), Order(product: product!));

        @event.Should().Equal(request);
    }

    [Theory]
    [MemberData(nameof(Quantities))]
    public void A_quantity_gets_the_same_verdict_in_a_request_and_in_OrderCreated(int quantity)
    {
        var request = Errors(new CreateOrderValidator(), new CreateOrderRequest(Guid.CreateVersion7(), "Keyboard", quantity, 1m));
        var @event = Errors(new OrderCreatedValidator(), Order(quantity: quantity));

        @event.Should().Equal(request);
    }

    [Theory]
    [MemberData(nameof(Prices))]
    public void A_total_gets_the_same_verdict_in_a_request_in_OrderCreated_and_in_OrderCancelled(string price)
    {
        var total = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        var request = Errors(new CreateOrderValidator(), new CreateOrderRequest(Guid.CreateVersion7(), "Keyboard", 1, total));

        Errors(new OrderCreatedValidator(), Order(totalPrice: total)).Should().Equal(request);
        Errors(new OrderCancelledValidator(), new OrderCancelled(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), total, Now))
            .Should().Equal(request);
    }

    [Fact]
    public void Events_about_no_one_are_refused()
    {
        Errors(new UserCreatedValidator(), new UserCreated(Guid.CreateVersion7(), Guid.Empty, "Ada", "ada@example.com", Now)).Should().ContainSingle();
        Errors(new OrderCreatedValidator(), Order() with { UserId = Guid.Empty, OrderId = Guid.Empty }).Should().HaveCount(2);
    }

    [Fact]
    public void An_invalid_event_is_the_work_s_fault_and_is_recognised_through_wrappers()
    {
        var invalid = new InvalidEventException("UserCreated breaks the rules of its kind.");

        Failures.Classify(invalid).Should().Be(FailureKind.Work, "a bad record is never waited out as the environment");
        InvalidEventException.IsCause(new InvalidOperationException("wrapped", invalid)).Should().BeTrue();
        InvalidEventException.IsCause(new InvalidOperationException("something else")).Should().BeFalse();
    }

    private static OrderCreated Order(string product = "Keyboard", int quantity = 1, decimal totalPrice = 1m, string currency = "EUR") =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), product, quantity, totalPrice, currency, Now);

    private static List<string> Errors<T>(IValidator<T> validator, T instance) =>
        validator.Validate(instance).Errors.ConvertAll(e => e.ErrorMessage);
}
