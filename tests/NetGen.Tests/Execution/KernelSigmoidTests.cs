using System;
using System.Collections.Generic;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests.Execution;

/// <summary>
/// The vector sigmoid of the generated code against the scalar formula 1 / (1 + e^−x) it replaces, at every width and in
/// both precisions, from the middle of the range to where e^−x overflows: exactly 0 there and exactly 1 at the other end,
/// as the scalar form gives (CI runs this under every instruction-set setting).
/// </summary>
public class KernelSigmoidTests
{
    private static IEnumerable<double> Points()
    {
        var random = new Random(8);
        for (int i = 0; i < 400; i++)
        {
            yield return (random.NextDouble() * 60) - 30;
        }

        foreach (double x in new[] { 0.0, -0.0, 1e-8, -1e-8, 17, -17, 50, -50, -87, -87.5, -88.9, -89, -100, -1000, 100, 1000, -700, -709.7, -709.9, -745, -800, double.PositiveInfinity, double.NegativeInfinity })
        {
            yield return x;
        }
    }

    [Fact]
    public void Single_EveryWidth_MatchesTheScalarFormula()
    {
        foreach (double point in Points())
        {
            float x = (float)point;
            float expected = 1f / (1f + MathF.Exp(-x));
            foreach (float actual in new[]
            {
                Kernels.Sigmoid(Vector128.Create(x)).GetElement(3),
                Kernels.Sigmoid(Vector256.Create(x)).GetElement(7),
                Kernels.Sigmoid(Vector512.Create(x)).GetElement(15),
            })
            {
                if (expected == 0 || expected == 1)
                {
                    Assert.True(actual == expected, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
                else if (expected < 1e-37f)
                {
                    // Near the end of the range (e^−x still finite, the clamped exp perhaps a little short of it): tiny, not 0.
                    Assert.True(actual > 0 && actual < 1e-37f, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
                else
                {
                    Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
            }
        }

        Assert.True(float.IsNaN(Kernels.Sigmoid(Vector256.Create(float.NaN)).GetElement(0)));
    }

    [Fact]
    public void Double_EveryWidth_MatchesTheScalarFormula()
    {
        foreach (double x in Points())
        {
            double expected = 1 / (1 + Math.Exp(-x));
            foreach (double actual in new[]
            {
                Kernels.Sigmoid(Vector128.Create(x)).GetElement(1),
                Kernels.Sigmoid(Vector256.Create(x)).GetElement(3),
                Kernels.Sigmoid(Vector512.Create(x)).GetElement(7),
            })
            {
                if (expected == 0 || expected == 1)
                {
                    Assert.True(actual == expected, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
                else if (expected < 1e-300)
                {
                    Assert.True(actual > 0 && actual < 1e-300, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
                else
                {
                    Assert.True(Math.Abs(actual - expected) <= 1e-13 * expected, $"σ({x:R}) = {actual:R}, the scalar formula gives {expected:R}");
                }
            }
        }

        Assert.True(double.IsNaN(Kernels.Sigmoid(Vector512.Create(double.NaN)).GetElement(0)));
    }
}
