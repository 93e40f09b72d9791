using Ecommerce.Host;
using Ecommerce.Platform;
using Ecommerce.Platform.Kafka.Broker;
using Microsoft.Extensions.Options;

switch (args)
{
    case [StandaloneKafkaBroker.Command, ..]:
        await StandaloneKafkaBroker.RunAsync(args[1..]);
        return 0;
    case [Health.ProbeCommand, ..]:
        return await Health.ProbeAsync(args[1..]);
    case [DeadLettersCommand.Name, ..]:
        return await DeadLettersCommand.RunAsync(args[1..]);
    case [TokenCommand.Name, ..]:
        return TokenCommand.Run(args[1..]);
}

try
{
    var app = HostApp.Build(args);
    // Every option checked now, so a bad one stops the host here, as one line, before anything starts.
    app.Services.GetService<IStartupValidator>()?.Validate();
    app.StartTracing();
    await ModuleInitialization.RunAsync(app.Services, app.Lifetime.ApplicationStopping);

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (ConfigurationErrors.Describe(e) is { } problem)
{
    await Console.Error.WriteLineAsync($"Invalid configuration: {problem}");
    return ConfigurationErrors.ExitCode;
}

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
