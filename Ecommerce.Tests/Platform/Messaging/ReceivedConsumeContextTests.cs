using Ecommerce.Platform.Messaging.Consuming;
using MassTransit;

namespace Ecommerce.Tests.Platform.Messaging;

/// <summary>
/// A consumer called by the Kafka transport sees its event, the event's id and the batch's cancellation,
/// and cannot publish around the outbox.
/// </summary>
public sealed class ReceivedConsumeContextTests
{
    private sealed record Sample(string Text);

    [Fact]
    public void A_consumer_sees_the_event_its_id_and_the_cancellation()
    {
        using var cancellation = new CancellationTokenSource();
        var eventId = Guid.CreateVersion7();
        ConsumeContext<Sample> context = new ReceivedConsumeContext<Sample>(new Sample("hello"), eventId, cancellation.Token);

        context.Message.Text.Should().Be("hello");
        context.MessageId.Should().Be(eventId);
        context.CancellationToken.Should().Be(cancellation.Token);
    }

    [Fact]
    public async Task A_consumer_cannot_publish_past_the_outbox()
    {
        ConsumeContext<Sample> context = new ReceivedConsumeContext<Sample>(new Sample("hello"), Guid.CreateVersion7(), CancellationToken.None);

        var publish = () => context.Publish(new Sample("elsewhere"));

        await publish.Should().ThrowAsync<ConsumeContextNotAvailableException>();
    }
}
