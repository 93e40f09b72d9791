using System.Text;
using System.Text.Json;
using Ecommerce.Modules.Orders.Contracts;
using Ecommerce.Modules.Users.Contracts;
using Ecommerce.Platform;
using Ecommerce.Platform.Contracts;
using Ecommerce.Platform.Messaging.Events;

namespace Ecommerce.Tests.Contracts;

public sealed class EventCatalogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_is_written_in_its_newest_version_with_its_wire_type()
    {
        var (contract, json) = Catalog().Write(Order("USD"));

        contract.WireType.Should().Be("ecommerce.orders.order-created.v2");
        json.Should().Contain("\"currency\":\"USD\"").And.Contain("\"totalPrice\":12.50");
    }

    [Fact]
    public void A_producer_told_to_emit_version_1_writes_version_1_without_the_currency()
    {
        var (contract, json) = Catalog(emit: ("ecommerce.orders.order-created", 1)).Write(Order("CHF"));

        contract.Should().Be(new EventContract(typeof(OrderCreatedV1), "ecommerce.orders.order-created", 1, "Ecommerce.Modules.Orders.Contracts.OrderCreated"));
        JsonDocument.Parse(json).RootElement.TryGetProperty("currency", out _).Should().BeFalse();
    }

    [Fact]
    public void An_order_in_another_currency_than_the_shops_cannot_be_written_as_version_1()
    {
        var write = () => Catalog(emit: ("ecommerce.orders.order-created", 1)).Write(Order("USD"));

        write.Should().Throw<InvalidOperationException>().WithMessage("*is in USD*version 1*CHF*");
    }

    [Fact]
    public void A_version_1_record_is_read_as_version_2_in_the_shops_currency()
    {
        var catalog = Catalog();
        var (v1, json) = Catalog(emit: ("ecommerce.orders.order-created", 1)).Write(Order("CHF"));

        var read = catalog.Read(v1, Encoding.UTF8.GetBytes(json));

        read.Should().BeEquivalentTo(Order("CHF"));
    }

    [Fact]
    public void Records_are_found_by_wire_type_and_by_the_clr_name_they_carried_before_wire_types()
    {
        var catalog = Catalog();

        catalog.Find("ecommerce.users.user-created.v1").Contract!.Type.Should().Be<UserCreated>();
        catalog.Find("Ecommerce.Modules.Users.Contracts.UserCreated").Contract!.Type.Should().Be<UserCreated>();
        catalog.Find("Ecommerce.Modules.Orders.Contracts.OrderCreated").Contract!.Type.Should().Be<OrderCreatedV1>("what that name carried then");
    }

    [Fact]
    public void An_unknown_version_of_a_known_event_is_told_apart_from_an_unknown_event()
    {
        var catalog = Catalog();

        catalog.Find("ecommerce.orders.order-created.v3").Should().Be(new EventLookup(null, NameKnown: true));
        catalog.Find("ecommerce.orders.order-shipped.v1").Should().Be(new EventLookup(null, NameKnown: false));
        catalog.Find("not a type at all").Should().Be(new EventLookup(null, NameKnown: false));
    }

    [Theory]
    [InlineData("ecommerce.orders.order-created", 3, "Events:Emit:ecommerce.orders.order-created is 3, but this build knows versions 1, 2 of it.")]
    [InlineData("ecommerce.orders.order-shipped", 1, "Events:Emit:ecommerce.orders.order-shipped is 1, but this build knows no event of that name.")]
    public void Emitting_a_version_this_build_does_not_know_is_a_configuration_error(string name, int version, string error)
    {
        var build = () => Catalog(emit: (name, version));

        build.Should().Throw<InvalidConfigurationException>().WithMessage(error);
    }

    [Fact]
    public void Contracts_without_a_wire_type_declared_twice_not_newest_or_not_chained_are_reported()
    {
        EventContract[] contracts =
        [
            new(typeof(ThingV1), "ecommerce.tests.thing", 1, null),
            new(typeof(ThingV2), "ecommerce.tests.thing", 2, null),
            new(typeof(Twin), "ecommerce.tests.thing", 2, null),
            new(typeof(BadName), "Ecommerce.Tests.BadName", 1, null),
        ];

        var problems = EventCatalog.Problems(contracts, [typeof(ThingV1), typeof(Unnamed)]);

        problems.Should().HaveCount(5);
        problems.Should().ContainMatch("*Unnamed is published or consumed by a module but has no [EventType]*");
        problems.Should().ContainMatch("*ThingV1 is ecommerce.tests.thing.v1, not the newest version*");
        problems.Should().ContainMatch("ecommerce.tests.thing.v2 is declared by *ThingV2 and *Twin.");
        problems.Should().ContainMatch("*BadName: 'Ecommerce.Tests.BadName' version 1 is not a wire name*");
        problems.Should().ContainMatch("*ThingV1 (ecommerce.tests.thing.v1) must implement IEventVersionOf<ThingV2, ThingV1>*");
    }

    private static EventCatalog Catalog(params (string Name, int Version)[] emit) =>
        new([typeof(UserCreated), typeof(OrderCreated), typeof(OrderCancelled)],
            new EventsOptions { Emit = emit.ToDictionary(e => e.Name, e => e.Version) },
            new EventSettings(key => key == OrderCurrency.ConfigurationKey ? "CHF" : null));

    private static OrderCreated Order(string currency) =>
        new(Guid.Parse("0197a000-0000-7000-8000-000000000001"), Guid.Parse("0197a000-0000-7000-8000-000000000002"),
            Guid.Parse("0197a000-0000-7000-8000-000000000003"), "Keyboard", 1, 12.50m, currency, Now);

    private sealed record ThingV1;

    private sealed record ThingV2;

    private sealed record Twin;

    private sealed record BadName;

    private sealed record Unnamed;
}
