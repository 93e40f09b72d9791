using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ecommerce.Platform.Messaging;
using Ecommerce.Platform.Kafka;
using Ecommerce.Platform.Kafka.Broker;
using Ecommerce.Platform.Kafka.Consuming;
using Ecommerce.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ecommerce.Tests.Operations;

public sealed class TracingTests : KafkaHostTests
{
    private readonly SpanCollector _spans;

    public TracingTests(EmbeddedKafkaBroker broker)
        : this(broker, new SpanCollector())
    {
    }

    private TracingTests(EmbeddedKafkaBroker broker, SpanCollector spans)
        : base(broker, new KafkaTestHost(broker)
        {
            Settings = { ["OpenTelemetry:Traces"] = "true", ["OpenTelemetry:TraceDatabaseCommands"] = "true" },
            TestServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(spans)),
        }) => _spans = spans;

    [Fact]
    public async Task One_trace_runs_from_POST_orders_through_the_outbox_and_kafka_into_the_users_consumer()
    {
        var user = await Client.CreateUserAsync();
        await Client.CreateOrderOnceUserIsKnownAsync(user.Id);
        // The caller starts the trace, so the request's span is known for certain.
        var trace = ActivityTraceId.CreateRandom();
        var order = await Client.CreateOrderInTraceAsync(user.Id, trace);

        await Eventually.Async(() => Task.FromResult(Spans().FirstOrDefault(s => s.TraceId == trace && IsPostOrders(s))), s => s is not null, "the POST /orders span");
        var process = await Eventually.Async(
            () => Task.FromResult(Spans().FirstOrDefault(s => s.TraceId == trace && s.Kind == ActivityKind.Consumer && s.Source.Name == MessagingTelemetry.SourceName)),
            s => s is not null, "the Users consumer's span in the request's trace");

        var sends = Spans().Where(s => s.TraceId == trace && s.Kind == ActivityKind.Producer && s.Source.Name == MessagingTelemetry.SourceName).ToList();
        sends.Should().ContainSingle("the event was sent once; spans of the trace: {0}",
            string.Join("; ", Spans().Where(s => s.TraceId == trace).Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} {s.Status}")));
        var send = sends.Single();
        send.GetTagItem("messaging.destination.name").Should().Be(Host.OrdersTopic);
        process!.ParentSpanId.Should().Be(send.SpanId, "the consumer continues the span that sent the record");
        process.GetTagItem("messaging.consumer.group.name").Should().Be($"{Host.Name}-users");
        // Database spans end on the threads that ran the commands (the write queue's among them): wait for them too.
        await Eventually.Async(
            () => Task.FromResult(Spans()),
            spans => spans.Any(s => s.TraceId == trace && IsDatabaseCall(s)),
            "database calls to be traced too",
            describe: spans => $"{spans.Count(IsDatabaseCall)} database spans in all traces; spans of this trace: "
                + string.Join("; ", spans.Where(s => s.TraceId == trace).Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName}")));
        KafkaTopic.ReadAll(Host.BootstrapServers, Host.OrdersTopic).Single(r => r.Key == order.Id.ToString())
            .Header(CloudEventHeaders.TraceParent).Should().Contain(trace.ToHexString());
    }

    private List<Activity> Spans() => [.. _spans.Ended];

    private static bool IsDatabaseCall(Activity span) =>
        span.Source.Name.StartsWith("OpenTelemetry.Instrumentation.EntityFrameworkCore", StringComparison.Ordinal);

    private static bool IsPostOrders(Activity span) =>
        span.Kind == ActivityKind.Server && span.GetTagItem("http.request.method") as string == "POST" && span.GetTagItem("url.path") as string == "/orders"
        && span.GetTagItem("http.response.status_code") is 201;

    /// <summary>Keeps every ended span; spans end on many threads at once.</summary>
    private sealed class SpanCollector : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Ended { get; } = new();

        public override void OnEnd(Activity data) => Ended.Enqueue(data);
    }
}
