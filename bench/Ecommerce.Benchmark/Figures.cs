namespace Ecommerce.Benchmark;

/// <summary>Each figure's value in every run, printed as the median with the spread.</summary>
internal sealed class Figures
{
    private readonly Dictionary<string, List<double>> _values = [];

    public void Add(string name, double value)
    {
        if (!_values.TryGetValue(name, out var values))
        {
            _values[name] = values = [];
        }

        values.Add(value);
        Console.WriteLine($"  {name}: {Format(value)}");
    }

    public void Print(TimeSpan took)
    {
        Console.WriteLine();
        Console.WriteLine($"| Figure | Median | Spread (min – max) | Runs |");
        Console.WriteLine($"|---|---:|---:|---:|");
        foreach (var (name, values) in _values)
        {
            Console.WriteLine($"| {name} | {Format(Stats.Median(values))} | {Format(values.Min())} – {Format(values.Max())} | {values.Count} |");
        }

        if (Ratio("POST /orders (req/s)", "Ceiling: SQLite 2-insert EF commits (tx/s)") is { } orders)
        {
            Console.WriteLine($"| POST /orders ÷ SQLite 2-insert EF commits | {orders:P0} | | |");
        }

        if (Ratio("POST /orders (req/s)", "Ceiling: trivial Kestrel POST (req/s)") is { } kestrel)
        {
            Console.WriteLine($"| POST /orders ÷ trivial Kestrel | {kestrel:P0} | | |");
        }

        foreach (var figure in new[] { "POST /users (req/s)", "POST /orders (req/s)" })
        {
            if (Ratio(figure, "Baseline: " + figure) is { } change)
            {
                Console.WriteLine($"| {figure} ÷ the baseline's | {change:P0} | | |");
            }
        }

        foreach (var instances in new[] { "1 instance", "2 instances" })
        {
            if (Ratio($"PostgreSQL, {instances}: POST /orders (req/s)", "Ceiling: PostgreSQL 2-insert EF commits, 64 connections (tx/s)") is { } postgres)
            {
                Console.WriteLine($"| POST /orders on PostgreSQL, {instances} ÷ PostgreSQL 2-insert EF commits | {postgres:P0} | | |");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Took {took.TotalSeconds:F0} s on {Environment.ProcessorCount} cores.");
    }

    private double? Ratio(string figure, string ceiling) =>
        _values.TryGetValue(figure, out var a) && _values.TryGetValue(ceiling, out var b) ? Stats.Median(a) / Stats.Median(b) : null;

    private static string Format(double value) => value >= 100 ? value.ToString("N0") : value.ToString("0.0##");
}
