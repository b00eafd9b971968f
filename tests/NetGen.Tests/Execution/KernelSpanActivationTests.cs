using System;
using System.Linq;
using System.Numerics;

namespace NetGen.Tests.Execution;

/// <summary>
/// The span forms of sigmoid, tanh, softmax and softmax cross-entropy that the batch code runs over whole blocks
/// (<c>Kernels.Elementwise.cs</c>: widest vectors, then narrower ones, then scalars) against double-precision formulas,
/// at every length up to 70 so that each width's whole vectors and every tail are covered; in place; with NaN, ±∞ and
/// saturating inputs. In the numeric catalogue's namespace, so CI runs it under every instruction-set setting, where a
/// different set of the loops runs.
/// </summary>
public sealed class KernelSpanActivationTests
{
    private const int LongestSpan = 70;

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 1; n <= LongestSpan; n++)
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementwiseAndSoftmax_EveryLength_MatchDoubleFormulas(int length)
    {
        Check<float>(length, relative: 1e-6, tiny: 1e-37);
        Check<double>(length, relative: 1e-13, tiny: 1e-300);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SoftmaxCrossEntropy_EveryLength_MatchesDoubleFormula(int length)
    {
        CheckCrossEntropy<float>(length, relative: 2e-6);
        CheckCrossEntropy<double>(length, relative: 1e-13);
    }

    /// <summary>
    /// The batch code's softmax along the columns of a feature-major block ([units, samples]): every sample count up to
    /// 70 (each width's whole vectors of samples and every tail), 1, 3 and 10 units, each column against the double
    /// formula, NaN in one column leaving the others alone, and in place bit for bit equal to out of place.
    /// </summary>
    [Theory]
    [MemberData(nameof(Lengths))]
    public void SoftmaxColumns_EveryColumnCount_MatchesDoubleFormula(int columns)
    {
        foreach (int rows in new[] { 1, 3, 10 })
        {
            CheckColumns<float>(rows, columns, relative: 1e-6, tiny: 1e-37);
            CheckColumns<double>(rows, columns, relative: 1e-13, tiny: 1e-300);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(37)]
    public void NaN_Propagates_AtEveryPosition(int position)
    {
        float[] z = Enumerable.Range(0, 38).Select(i => (float)Math.Sin(i)).ToArray();
        z[position] = float.NaN;
        var h = new float[z.Length];
        Kernels.Tanh<float>(z, h);
        Assert.True(float.IsNaN(h[position]), $"tanh: h[{position}] = {h[position]}");
        Kernels.Sigmoid<float>(z, h);
        Assert.True(float.IsNaN(h[position]), $"sigmoid: h[{position}] = {h[position]}");
        Kernels.Softmax<float>(z, h);
        Assert.All(h, v => Assert.True(float.IsNaN(v), $"softmax of a NaN logit gave {v}"));
    }

    [Fact]
    public void SoftmaxColumns_NoUnitsOrShortSpans_Throw()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SoftmaxColumns<float>(new float[4], new float[4], 0, 4)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.SoftmaxColumns<float>(new float[4], new float[4], 1, -4)).ParamName);
        Assert.Equal("z", Assert.Throws<ArgumentException>(() => Kernels.SoftmaxColumns<float>(new float[11], new float[12], 3, 4)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentException>(() => Kernels.SoftmaxColumns<double>(new double[12], new double[11], 3, 4)).ParamName);
    }

    [Fact]
    public void ShorterInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => Kernels.Tanh<float>(new float[20], new float[21]));
        Assert.Throws<ArgumentException>(() => Kernels.Sigmoid<double>(new double[3], new double[9]));
    }

    private static void Check<T>(int length, double relative, double tiny)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] z = Inputs(length);
        T[] zt = z.Select(T.CreateTruncating).ToArray();
        double[] zr = zt.Select(double.CreateTruncating).ToArray(); // the inputs as the kernel sees them

        T[] h = new T[length];
        Kernels.Tanh<T>(zt, h);
        Compare("tanh", zr.Select(Math.Tanh).ToArray(), h, relative, tiny);
        AssertSameInPlace(zt, h, (a, b) => Kernels.Tanh<T>(a, b));

        Kernels.Sigmoid<T>(zt, h);
        Compare("sigmoid", zr.Select(x => 1 / (1 + Math.Exp(-x))).ToArray(), h, relative, tiny);
        AssertSameInPlace(zt, h, (a, b) => Kernels.Sigmoid<T>(a, b));

        // Softmax of a +∞ logit is NaN (∞ − ∞), in the formula as in the kernel: that one becomes a large finite logit.
        T[] logits = zt.Select(v => T.IsPositiveInfinity(v) ? T.CreateTruncating(60) : v).ToArray();
        // e^(z − max) carries the rounding of z − max, which grows with its size: a relative error of about |z − max|·ε.
        double[] shifted = logits.Select(double.CreateTruncating).ToArray();
        double max = shifted.Max();
        Kernels.Softmax<T>(logits, h);
        Compare("softmax", Softmax(shifted), h, relative, tiny, k => 1 + Math.Abs(shifted[k] - max));
        AssertSameInPlace(logits, h, (a, b) => Kernels.Softmax<T>(a, b));
    }

    private static void CheckColumns<T>(int rows, int columns, double relative, double tiny)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random((rows * 100) + columns);
        T[] z = Enumerable.Range(0, rows * columns).Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * 40)).ToArray();
        int nanColumn = columns > 5 ? 5 : -1;
        if (nanColumn >= 0)
        {
            z[((rows - 1) * columns) + nanColumn] = T.NaN;
        }

        var h = new T[z.Length];
        Kernels.SoftmaxColumns<T>(z, h, rows, columns);
        for (int c = 0; c < columns; c++)
        {
            double[] column = Enumerable.Range(0, rows).Select(r => double.CreateTruncating(z[(r * columns) + c])).ToArray();
            T[] actual = Enumerable.Range(0, rows).Select(r => h[(r * columns) + c]).ToArray();
            if (c == nanColumn)
            {
                Assert.All(actual, v => Assert.True(T.IsNaN(v), $"softmax of a column with a NaN logit gave {v}"));
                continue;
            }

            double max = column.Max();
            Compare($"softmax column {c} of {rows}×{columns}", Softmax(column), actual, relative, tiny, k => 1 + Math.Abs(column[k] - max));
        }

        AssertSameInPlace(z, h, (a, b) => Kernels.SoftmaxColumns<T>(a, b, rows, columns));
    }

    private static void CheckCrossEntropy<T>(int length, double relative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] zr = Inputs(length).Select(x => double.CreateTruncating(T.CreateTruncating(Math.Clamp(x, -30, 30)))).ToArray();
        T[] z = zr.Select(T.CreateTruncating).ToArray();
        var y = new T[length];
        Kernels.Softmax<T>(z, y);
        double[] target = Enumerable.Range(0, length).Select(k => k % 3 == 1 ? 0.5 : 0).ToArray();
        target[0] += 1; // Σt = 1 + a half per third element: the fused gradient's y·Σt term is exercised
        var dz = new T[length];
        double loss = double.CreateTruncating(Kernels.SoftmaxCrossEntropy<T>(z, y, target.Select(T.CreateTruncating).ToArray(), dz));

        double[] p = Softmax(zr);
        double expectedLoss = -target.Select((t, k) => t == 0 ? 0 : t * Math.Log(p[k])).Sum();
        Assert.True(Math.Abs(loss - expectedLoss) <= relative * Math.Max(1, Math.Abs(expectedLoss)) * 10,
            $"{typeof(T).Name}, length {length}: loss {loss:R}, expected {expectedLoss:R}");
        double targetSum = target.Sum();
        double[] expectedDz = p.Select((v, k) => (v * targetSum) - target[k]).ToArray();
        for (int k = 0; k < length; k++)
        {
            double actual = double.CreateTruncating(dz[k]);
            Assert.True(Math.Abs(actual - expectedDz[k]) <= relative * Math.Max(1, Math.Abs(expectedDz[k])),
                $"{typeof(T).Name}, length {length}: dz[{k}] = {actual:R}, expected {expectedDz[k]:R}");
        }
    }

    /// <summary>Smooth values over the tanh's two formulas (|x| below and above 0.5), saturation, and ±∞ at fixed places.</summary>
    private static double[] Inputs(int length)
    {
        var random = new Random(length);
        double[] z = Enumerable.Range(0, length).Select(_ => random.NextDouble() < 0.3 ? (random.NextDouble() - 0.5) : (random.NextDouble() - 0.5) * 24).ToArray();
        if (length > 9)
        {
            z[3] = 95;
            z[7] = -95;
        }

        if (length > 40)
        {
            z[40] = double.NegativeInfinity;
            z[length - 1] = double.PositiveInfinity;
        }

        return z;
    }

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        double[] e = z.Select(x => Math.Exp(x - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>
    /// Each value within <paramref name="relative"/> (times <paramref name="scale"/>, per value) of the formula; values the formula puts below
    /// <paramref name="tiny"/> (the vector exponential is clamped a little above the type's underflow) must be as tiny.
    /// </summary>
    private static void Compare<T>(string name, double[] expected, T[] actual, double relative, double tiny, Func<int, double>? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < expected.Length; k++)
        {
            double a = double.CreateTruncating(actual[k]), e = expected[k];
            bool ok = Math.Abs(e) < tiny ? Math.Abs(a) < tiny : Math.Abs(a - e) <= relative * (scale?.Invoke(k) ?? 1) * Math.Abs(e);
            Assert.True(ok, $"{name}<{typeof(T).Name}> of {expected.Length} values: [{k}] = {a:R}, expected {e:R}");
        }
    }

    /// <summary>Writing over the input gives what writing beside it gave, bit for bit.</summary>
    private static void AssertSameInPlace<T>(T[] z, T[] outOfPlace, Action<T[], T[]> kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] buffer = (T[])z.Clone();
        kernel(buffer, buffer);
        Assert.Equal(outOfPlace, buffer);
    }
}
