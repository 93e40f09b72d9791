using System.Globalization;

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

    /// <summary>The median table, each figure beside its target (<see cref="Targets"/>) where it has one.</summary>
    public void Print(TimeSpan took)
    {
        Console.WriteLine();
        Console.WriteLine($"| Figure | Median | Spread (min – max) | Runs | Target | Met |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---|");
        foreach (var (name, values) in _values)
        {
            var median = Stats.Median(values);
            PrintRow(name, median, Format(median), $"{Format(values.Min())} – {Format(values.Max())}", values.Count.ToString(CultureInfo.InvariantCulture));
        }

        // Ratios of medians: the ceilings are measured in their own phase of each run, not beside each figure.
        PrintRatio("POST /orders ÷ SQLite 2-insert EF commits", "POST /orders (req/s)", "Ceiling: SQLite 2-insert EF commits (tx/s)");
        PrintRatio("POST /users ÷ SQLite 2-insert EF commits", "POST /users (req/s)", "Ceiling: SQLite 2-insert EF commits (tx/s)");
        PrintRatio("POST /orders ÷ trivial Kestrel", "POST /orders (req/s)", "Ceiling: trivial Kestrel POST (req/s)");
        foreach (var figure in new[] { "POST /users (req/s)", "POST /orders (req/s)" })
        {
            PrintRatio($"{figure} ÷ the baseline's", figure, "Baseline: " + figure);
        }

        foreach (var instances in new[] { "1 instance", "2 instances" })
        {
            PrintRatio(
                $"POST /orders on PostgreSQL, {instances} ÷ PostgreSQL 2-insert EF commits",
                $"PostgreSQL, {instances}: POST /orders (req/s)",
                "Ceiling: PostgreSQL 2-insert EF commits, 64 connections (tx/s)");
        }

        Console.WriteLine();
        Console.WriteLine($"Took {took.TotalSeconds:F0} s on {Environment.ProcessorCount} cores.");
    }

    /// <summary>Formats a share (0.42) as a percentage (42 %).</summary>
    public static string FormatShare(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static string Format(double value) => value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0##", CultureInfo.InvariantCulture);

    private static void PrintRow(string name, double value, string median, string spread, string runs)
    {
        var (target, met) = Targets.ByFigure.TryGetValue(name, out var t) ? (t.Text, t.IsMetBy(value) ? "yes" : "**no**") : ("", "");
        Console.WriteLine($"| {name} | {median} | {spread} | {runs} | {target} | {met} |");
    }

    private void PrintRatio(string name, string figure, string of)
    {
        if (Ratio(figure, of) is { } share)
        {
            PrintRow(name, share, FormatShare(share), "", "");
        }
    }

    private double? Ratio(string figure, string of) =>
        _values.TryGetValue(figure, out var a) && _values.TryGetValue(of, out var b) ? Stats.Median(a) / Stats.Median(b) : null;
}
