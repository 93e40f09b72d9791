using System.Text.Json;
using Ecommerce.Platform.Messaging.Outbox;
using MassTransit;

namespace Ecommerce.Platform.Messaging.InMemory;

/// <summary>
/// Publishes outbox rows to MassTransit's bus (the in-memory transport in tests), where the same
/// consumer classes receive them. The event id becomes the MassTransit message id.
/// </summary>
internal sealed class InMemoryOutboxTransport(IBus bus, EventTypes eventTypes) : IOutboxTransport
{
    public async Task<IReadOnlyList<SendResult>> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var row = messages[i];
            var type = eventTypes.Find(row.Type)
                ?? throw new InvalidOperationException($"Event type '{row.Type}' is not published by any running module.");
            var @event = JsonSerializer.Deserialize(row.Payload, type, EventJson.Options)!;
            using var send = MessagingTelemetry.StartSend(row, stream);
            await bus.Publish(@event, type, Pipe.Execute<PublishContext>(context =>
            {
                context.MessageId = row.EventId;
                context.Headers.Set(CloudEventHeaders.Source, CloudEventHeaders.SourceOf(stream));
            }), cancellationToken);
        }

        return [.. messages.Select(_ => SendResult.Delivered)];
    }
}
