namespace Ecommerce.Platform;

/// <summary>
/// A setting the host cannot run with. The host stops at startup with its message as one line, naming
/// the key: the only reason it ever stops by itself.
/// </summary>
public sealed class InvalidConfigurationException(string message) : Exception(message);
