using System.Net;
using System.Text.Json.Nodes;
using Ecommerce.Platform.Contracts;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.AsyncApi;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Tests.Infrastructure;
using Json.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ecommerce.Tests.Contracts;

/// <summary>
/// The AsyncAPI document a host serves at <c>/asyncapi/v1.json</c> is valid AsyncAPI 3.0.0 and describes
/// the pipeline it runs: its topics, every event its modules publish or consume with the operations that
/// send and receive them, the checked-in payload schemas, and records as they really are on the topics.
/// </summary>
public sealed class AsyncApiTests(AsyncApiTests.MonolithOnKafka monolith) : IClassFixture<AsyncApiTests.MonolithOnKafka>
{
    private const string DocumentPath = "/asyncapi/v1.json";

    private JsonObject Document => monolith.Document;

    [Fact]
    public void The_served_document_is_valid_asyncapi_3()
    {
        Lines(AsyncApiSchema.Problems(Document)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("an operation without its action")]
    [InlineData("a channel message referring to no message")]
    [InlineData("an operation sending a message of another channel")]
    public void A_broken_copy_of_the_document_is_not_valid(string breakage)
    {
        var broken = Document.DeepClone().AsObject();
        switch (breakage)
        {
            case "an operation without its action":
                broken["operations"]!["orders-send-orders"]!.AsObject().Remove("action");
                break;
            case "a channel message referring to no message":
                broken["channels"]!["orders"]!["messages"]![Events.OrderCreatedType]!["$ref"] = "#/components/messages/ecommerce.orders.order-shipped.v1";
                break;
            case "an operation sending a message of another channel":
                broken["operations"]!["orders-send-orders"]!["messages"]!.AsArray().Add(new JsonObject { ["$ref"] = $"#/channels/users/messages/{Events.UserCreatedType}" });
                break;
        }

        AsyncApiSchema.Problems(broken).Should().NotBeEmpty();
    }

    [Fact]
    public async Task It_is_served_as_json_with_a_channel_per_topic_of_the_host()
    {
        var response = await monolith.Host.CreateClient().GetAsync(DocumentPath);

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var channels = Document["channels"]!.AsObject();
        channels.Select(c => c.Value!["address"]!.GetValue<string>()).Should().BeEquivalentTo([monolith.Host.UsersTopic, monolith.Host.OrdersTopic]);
        channels.Should().AllSatisfy(c => c.Value!["bindings"]!["kafka"]!["topic"]!.GetValue<string>().Should().Be(c.Value!["address"]!.GetValue<string>()));
        channels["users"]!["bindings"]!["kafka"]!["topicConfiguration"]!["cleanup.policy"]!.AsArray().Select(p => p!.GetValue<string>())
            .Should().Equal(["compact"], "the users stream keeps the latest event of each user");
    }

    [Fact]
    public void Every_event_the_modules_publish_or_consume_is_on_its_channel_with_the_operations_that_send_and_receive_it()
    {
        var contracts = EventSchemas.Contracts();
        var operations = Document["operations"]!.AsObject();
        var expected = new List<string>();
        foreach (var module in EventSchemas.Manifests())
        {
            var published = module.PublishedEvents.Select(t => contracts.Single(c => c.Type == t)).ToList();
            var send = operations[$"{module.Name.ToLowerInvariant()}-send-{module.Stream}"];
            send!["action"]!.GetValue<string>().Should().Be("send");
            send["channel"]!["$ref"]!.GetValue<string>().Should().Be($"#/channels/{module.Stream}");
            WireTypesOf(send).Should().BeEquivalentTo(published.Select(c => c.WireType), "a host writes the newest version unless Events:Emit says otherwise");
            MessagesOnChannel(module.Stream).Should().Contain(contracts.Where(c => published.Any(p => p.Name == c.Name)).Select(c => c.WireType), "older versions can still be on the topic");
            expected.Add($"{module.Name.ToLowerInvariant()}-send-{module.Stream}");

            foreach (var stream in module.ConsumedStreams)
            {
                var consumed = module.Consumers.Where(c => c.Stream == stream).Select(c => contracts.Single(k => k.Type == c.EventType).Name).ToList();
                var receive = operations[$"{module.Name.ToLowerInvariant()}-receive-{stream}"];
                receive!["action"]!.GetValue<string>().Should().Be("receive");
                receive["channel"]!["$ref"]!.GetValue<string>().Should().Be($"#/channels/{stream}");
                WireTypesOf(receive).Should().BeEquivalentTo(contracts.Where(c => consumed.Contains(c.Name)).Select(c => c.WireType), "a consumer reads every known version");
                receive["bindings"]!["kafka"]!["groupId"]!["enum"]![0]!.GetValue<string>().Should().Be($"{monolith.Host.Name}-{module.Name.ToLowerInvariant()}");
                expected.Add($"{module.Name.ToLowerInvariant()}-receive-{stream}");
            }
        }

        operations.Select(o => o.Key).Should().BeEquivalentTo(expected);
        Document["components"]!["messages"]!.AsObject().Select(m => m.Key).Should().BeEquivalentTo(contracts.Select(c => c.WireType));
    }

    [Fact]
    public void Each_message_carries_its_checked_in_payload_schema_and_names_its_type_in_ce_type()
    {
        foreach (var contract in EventSchemas.Contracts())
        {
            var checkedIn = JsonNode.Parse(File.ReadAllText(EventSchemas.CheckedInPath(contract)))!.AsObject();
            checkedIn.Remove("$schema"); // the document's schemas are AsyncAPI Schemas (a draft-07 superset), which name no dialect

            var message = Document["components"]!["messages"]![contract.WireType]!;
            message["payload"]!["$ref"]!.GetValue<string>().Should().Be($"#/components/schemas/{contract.WireType}");
            JsonNode.DeepEquals(Document["components"]!["schemas"]![contract.WireType], checkedIn).Should().BeTrue($"{contract.WireType}'s payload is its checked-in schema");
            var type = message["headers"]!["properties"]![CloudEventHeaders.Type]!;
            (type["const"]?.GetValue<string>() ?? type["enum"]![0]!.GetValue<string>()).Should().Be(contract.WireType);
        }
    }

    [Fact]
    public async Task The_records_the_host_writes_match_the_headers_key_and_payload_of_their_messages()
    {
        var client = monolith.Host.CreateClient();
        var user = await client.CreateUserAsync();
        var order = await client.CreateOrderOnceUserIsKnownAsync(user.Id);
        (await client.PostAsync($"/orders/{order.Id}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var topics = new[] { monolith.Host.UsersTopic, monolith.Host.OrdersTopic };
        var records = await Eventually.Async(
            () => Task.FromResult(topics.SelectMany(topic => KafkaTopic.ReadAll(monolith.Host.BootstrapServers, topic).Select(r => (Topic: topic, Record: r))).ToList()),
            all => all.Any(r => r.Record.Key == user.Id.ToString()) && all.Count(r => r.Record.Key == order.Id.ToString()) == 2,
            "the user's and the order's records");

        foreach (var (topic, record) in records)
        {
            var wireType = record.Header(CloudEventHeaders.Type)!;
            var channel = Document["channels"]!.AsObject().Single(c => c.Value!["address"]!.GetValue<string>() == topic).Value!;
            channel["messages"]![wireType].Should().NotBeNull($"{wireType} is on {topic}");
            var message = Document["components"]!["messages"]![wireType]!;
            var headers = new JsonObject(record.Headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value))));
            Lines(AsyncApiSchema.Evaluate(SchemaOf(message["headers"]!), headers)).Should().BeEmpty($"the headers of a {wireType} record match its message");
            Lines(AsyncApiSchema.Evaluate(SchemaOf(message["bindings"]!["kafka"]!["key"]!), JsonValue.Create(record.Key))).Should().BeEmpty("the key is the aggregate id");
            var payload = AsyncApiSchema.Resolve(Document, message["payload"]!["$ref"]!.GetValue<string>())!;
            Lines(AsyncApiSchema.Evaluate(SchemaOf(payload), JsonNode.Parse(record.Value))).Should().BeEmpty($"the value of a {wireType} record matches its payload");
        }
    }

    [Fact]
    public async Task A_service_running_only_orders_documents_only_the_orders_operations()
    {
        await using var ordersService = new KafkaTestHost(monolith.Broker) { Settings = { ["Modules:Enabled"] = "Orders" } };

        var document = JsonNode.Parse(await ordersService.CreateClient().GetStringAsync(DocumentPath))!;

        Lines(AsyncApiSchema.Problems(document)).Should().BeEmpty();
        document["operations"]!.AsObject().Select(o => o.Key).Should().BeEquivalentTo(["orders-send-orders", "orders-receive-users"]);
        document["channels"]!.AsObject().Select(c => c.Value!["address"]!.GetValue<string>()).Should().BeEquivalentTo([ordersService.OrdersTopic, ordersService.UsersTopic]);
        document["channels"]!["users"]!["messages"]!.AsObject().Select(m => m.Key).Should().Equal([Events.UserCreatedType], "what Orders reads of the users stream");
    }

    [Fact]
    public void A_host_that_still_writes_an_older_version_says_it_sends_that_version()
    {
        var manifests = EventSchemas.Manifests();
        var events = new EventCatalog(EventSchemas.UsedEventTypes(), new EventsOptions { Emit = { ["ecommerce.orders.order-created"] = 1 } }, EventSettings.None);
        using var kafka = new KafkaConnection(Options.Create(new KafkaOptions { BootstrapServers = "kafka:9092" }), manifests, NullLogger<KafkaConnection>.Instance);

        var document = AsyncApiDocument.Build(manifests, events, kafka);

        WireTypesOf(document["operations"]!["orders-send-orders"]!).Should().BeEquivalentTo([Events.OrderCreatedV1Type, Events.OrderCancelledType]);
        document["channels"]!["orders"]!["address"]!.GetValue<string>().Should().Be("ecommerce.orders");
    }

    [Fact]
    public async Task A_host_on_the_in_memory_transport_has_no_topics_to_document()
    {
        await using var inMemory = new TestHost();

        (await inMemory.CreateClient().GetAsync(DocumentPath)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Switched_off_with_the_api_docs_it_is_not_served()
    {
        await using var withoutDocs = new KafkaTestHost(monolith.Broker) { Settings = { ["ApiDocs:Enabled"] = "false" } };

        (await withoutDocs.CreateClient().GetAsync(DocumentPath)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>Every problem in a failure message, not only the first (a schema's alternatives that did not apply are reported too).</summary>
    private static string Lines(IEnumerable<string> problems) => string.Join("\n", problems);

    private IEnumerable<string> MessagesOnChannel(string stream) => Document["channels"]![stream]!["messages"]!.AsObject().Select(m => m.Key);

    /// <summary>The wire types an operation lists (each a reference to a message of its channel).</summary>
    private static IEnumerable<string> WireTypesOf(JsonNode operation) =>
        operation["messages"]!.AsArray().Select(m => m!["$ref"]!.GetValue<string>().Split("/messages/")[1]);

    /// <summary>A schema of the document as JSON Schema draft-07, of which AsyncAPI's schema format is a superset.</summary>
    private static JsonSchema SchemaOf(JsonNode schema) =>
        JsonSchema.FromText(schema.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 });

    /// <summary>An embedded broker and the monolith on it, whose document the tests share (read once).</summary>
    public sealed class MonolithOnKafka : IAsyncLifetime
    {
        public MonolithOnKafka() => Host = new KafkaTestHost(Broker);

        public EmbeddedKafkaBroker Broker { get; } = new();

        public KafkaTestHost Host { get; }

        public JsonObject Document { get; private set; } = null!;

        public async Task InitializeAsync() => Document = JsonNode.Parse(await Host.CreateClient().GetStringAsync(DocumentPath))!.AsObject();

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            Broker.Dispose();
        }
    }
}
