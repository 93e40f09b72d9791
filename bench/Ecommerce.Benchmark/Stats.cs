namespace Ecommerce.Benchmark;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(percentile / 100 * sorted.Count) - 1)];
    }

    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);
}
