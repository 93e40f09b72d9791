using System.Text;
using Ecommerce.Platform.Messaging.Events;
using Ecommerce.Platform.Messaging.Outbox;
using MassTransit;

namespace Ecommerce.Platform.Messaging.InMemory;

/// <summary>
/// Publishes outbox rows to MassTransit's bus (the in-memory transport in tests), where the same
/// consumer classes receive them, read as a Kafka consumer reads them: as the newest version of their
/// event. The event id becomes the MassTransit message id.
/// </summary>
internal sealed class InMemoryOutboxTransport(IBus bus, EventCatalog events) : IOutboxTransport
{
    public async Task<IReadOnlyList<SendResult>> SendAsync(string stream, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var row = messages[i];
            var contract = events.Find(row.Type).Contract
                ?? throw new InvalidOperationException($"Event type '{row.Type}' is not known to this build.");
            var @event = events.Read(contract, Encoding.UTF8.GetBytes(row.Payload));
            var type = @event.GetType();
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
