namespace Sunlight.Trading.Flags;

/// <summary>
/// statrs' quantile (R-8, as cardinal-rs uses it; trading-flags.md "Quartiles"): h = (n + ⅓)·τ + ⅓, f = ⌊h⌋; f ≤ 0 or
/// τ = 0 → the minimum; f ≥ n or τ ≈ 1 → the maximum; else x(f) + (h − f)·(x(f+1) − x(f)). No values: NaN.
/// </summary>
internal static class Quartiles
{
    public static double Quantile(IReadOnlyList<double> values, double tau)
    {
        if (tau < 0 || tau > 1 || values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        var h = ((n + (1.0 / 3.0)) * tau) + (1.0 / 3.0);
        var f = Math.Truncate(h);
        if (f <= 0 || tau == 0)
        {
            return values.Any(double.IsNaN) ? double.NaN : sorted[0];
        }

        if (f >= n || NearlyOne(tau))
        {
            return values.Any(double.IsNaN) ? double.NaN : sorted[^1];
        }

        var k = (int)f;
        var a = sorted[k - 1];
        var b = sorted[k];
        return a + ((h - f) * (b - a));
    }

    /// <summary>Rust's <c>f64::EPSILON</c> (not .NET's <see cref="double.Epsilon"/>, the smallest subnormal).</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>statrs' <c>ulps_eq!(tau, 1.0)</c>: within f64::EPSILON or 4 units in the last place.</summary>
    private static bool NearlyOne(double tau) =>
        Math.Abs(tau - 1.0) <= MachineEpsilon
        || Math.Abs(BitConverter.DoubleToInt64Bits(tau) - BitConverter.DoubleToInt64Bits(1.0)) <= 4;

    /// <summary>Q3 + 1.5·IQR with one rounding, as cardinal computes it.</summary>
    public static double UpperFence(double q1, double q3) => Math.FusedMultiplyAdd(q3 - q1, 1.5, q3);

    /// <summary>Q1 − 1.5·IQR with one rounding.</summary>
    public static double LowerFence(double q1, double q3) => Math.FusedMultiplyAdd(q3 - q1, -1.5, q1);
}
