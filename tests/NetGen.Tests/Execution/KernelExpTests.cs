using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests.Execution;

/// <summary>
/// The single-precision vector exponential that the generated softmax, sigmoid and tanh use, at every width, against
/// <see cref="Math.Exp(double)"/> over its whole clamped range (CI runs this under every instruction-set setting, so
/// both the FMA and the multiply-then-add forms of its polynomial are checked).
/// </summary>
public class KernelExpTests
{
    [Fact]
    public void Single_EveryWidth_WithinThreeUlpOfTheExactValue()
    {
        double worst = 0;
        double worstAt = 0;
        for (int i = 0; i <= 200_000; i++)
        {
            // Evenly over the range, plus every half-integer multiple of ln 2, where the reduced argument is largest.
            float x = i % 2 == 0 ? -87f + (175f * i / 200_000) : (float)(Math.Round(((i / 2 % 250) - 125) + 0.5) * Math.Log(2));
            double expected = Math.Exp(x);
            foreach (float actual in new[]
            {
                Kernels.Exp(Vector128.Create(x)).GetElement(2),
                Kernels.Exp(Vector256.Create(x)).GetElement(5),
                Kernels.Exp(Vector512.Create(x)).GetElement(11),
            })
            {
                double error = Math.Abs(actual - expected) / expected;
                if (error > worst)
                {
                    worst = error;
                    worstAt = x;
                }
            }
        }

        // float's ulp is between 2^-24 and 2^-23 of the value: 3 ulp ≤ 3.6e-7 relative.
        Assert.True(worst <= 3.6e-7, $"largest relative error {worst:E3} at x = {worstAt:R}");
    }

    [Fact]
    public void Single_OutsideTheRange_ClampedFinitePositive_AndNaNPropagates()
    {
        Assert.Equal(MathF.Exp(88f), Kernels.Exp(Vector256.Create(1000f)).GetElement(0), 1e-6f * MathF.Exp(88f));
        float low = Kernels.Exp(Vector128.Create(-1000f)).GetElement(0);
        Assert.True(low > 0 && low < 1e-37f, $"e^-1000 clamped to {low:R}");
        Assert.True(float.IsNaN(Kernels.Exp(Vector512.Create(float.NaN)).GetElement(0)));
    }
}
