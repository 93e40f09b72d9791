using FluentValidation;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ecommerce.Platform.Messaging.Consuming;

/// <summary>
/// An event that breaks the rules of its kind: the record itself is wrong (forged, or from a faulty
/// producer), so no retry can help. The transport dead-letters it at the first attempt.
/// </summary>
public sealed class InvalidEventException(string message) : Exception(message)
{
    /// <summary>True when <paramref name="failure"/>, or one it wraps, is an invalid event.</summary>
    public static bool IsCause(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e is InvalidEventException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Puts <see cref="EventValidationFilter{TConsumer, TMessage}"/> in front of each consumer's handling of
/// each event type that has <see cref="IValidator{T}"/>s registered (the consuming module's, found with
/// its request validators). MassTransit tells it every consumer and message type pair as the pipeline is
/// built, so the filter is typed and its validators resolved once, not per event.
/// </summary>
internal sealed class EventValidation(IServiceProvider services) : IConsumerConfigurationObserver
{
    // A configuration validated more than once must not get the filter twice.
    private readonly HashSet<object> _configured = new(ReferenceEqualityComparer.Instance);

    public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator)
        where TConsumer : class
    {
    }

    public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
        where TConsumer : class
        where TMessage : class
    {
        if (!_configured.Add(configurator))
        {
            return;
        }

        // Validators are registered as singletons: stateless, shared by every event.
        var validators = services.GetServices<IValidator<TMessage>>().ToArray();
        if (validators.Length > 0)
        {
            configurator.UseFilter(new EventValidationFilter<TConsumer, TMessage>(validators));
        }
    }
}

/// <summary>
/// Holds an event to the rules of its kind before its consumer runs. One that breaks them throws
/// <see cref="InvalidEventException"/> naming every broken rule: its transaction rolls back (its inbox
/// row with it), and the transport dead-letters it without retrying.
/// </summary>
internal sealed class EventValidationFilter<TConsumer, TMessage>(IValidator<TMessage>[] validators) : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TConsumer : class
    where TMessage : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        await EventRules.CheckAsync(validators, context.Message, context.MessageId, context.CancellationToken);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("eventValidation");
}

/// <summary>The check both transports run before a consumer: every validator of the event's type, every broken rule named.</summary>
internal static class EventRules
{
    /// <exception cref="InvalidEventException">The event breaks a rule of its kind.</exception>
    public static async ValueTask CheckAsync<TMessage>(IValidator<TMessage>[] validators, TMessage message, Guid? eventId, CancellationToken ct)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, ct);
            if (!result.IsValid)
            {
                throw new InvalidEventException(
                    $"{typeof(TMessage).Name} {eventId} breaks the rules of its kind: {string.Join(" ", result.Errors.Select(e => e.ErrorMessage))}");
            }
        }
    }
}
