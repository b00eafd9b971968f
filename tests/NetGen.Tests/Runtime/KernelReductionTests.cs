using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The lane reductions and the one-instruction max/min the generated vector code uses, against plain loops; run by CI
/// under every instruction-set setting, so the SSE/AVX, the Arm-free generic and the software paths are all checked.
/// </summary>
public class KernelReductionTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((random.NextDouble() * 4) - 2);
        }

        return v;
    }

    [Fact]
    public void Sum4_EveryWidth_LaneKIsTheSumOfRowK()
    {
        foreach (int width in new[] { 4, 8, 16 })
        {
            float[][] rows = [Values(width, 1), Values(width, 2), Values(width, 3), Values(width, 4)];
            Vector128<float> sums = width switch
            {
                4 => Kernels.Sum4(Vector128.Create(rows[0]), Vector128.Create(rows[1]), Vector128.Create(rows[2]), Vector128.Create(rows[3])),
                8 => Kernels.Sum4(Vector256.Create(rows[0]), Vector256.Create(rows[1]), Vector256.Create(rows[2]), Vector256.Create(rows[3])),
                _ => Kernels.Sum4(Vector512.Create(rows[0]), Vector512.Create(rows[1]), Vector512.Create(rows[2]), Vector512.Create(rows[3])),
            };
            for (int k = 0; k < 4; k++)
            {
                double expected = 0;
                foreach (float x in rows[k])
                {
                    expected += x;
                }

                Assert.True(Math.Abs(sums[k] - expected) <= 1e-5, $"width {width}, row {k}: {sums[k]} vs {expected}");
            }
        }
    }

    [Fact]
    public void Sum_EveryWidth_IsTheLaneTotal()
    {
        float[] v = Values(16, 5);
        double expected16 = 0, expected8 = 0, expected4 = 0;
        for (int i = 0; i < 16; i++)
        {
            expected16 += v[i];
            expected8 += i < 8 ? v[i] : 0;
            expected4 += i < 4 ? v[i] : 0;
        }

        Assert.Equal(expected16, Kernels.Sum(Vector512.Create(v)), 1e-5);
        Assert.Equal(expected8, Kernels.Sum(Vector256.Create(v)), 1e-5);
        Assert.Equal(expected4, Kernels.Sum(Vector128.Create(v)), 1e-5);
    }

    [Fact]
    public void MaxMin_EveryWidth_LaneWiseAndNaNInTheFirstOperandPropagates()
    {
        float[] a = Values(16, 6), b = Values(16, 7);
        a[3] = float.NaN;
        Vector512<float> max = Kernels.Max(Vector512.Create(a), Vector512.Create(b));
        Vector512<float> min = Kernels.Min(Vector512.Create(a), Vector512.Create(b));
        Vector256<float> max256 = Kernels.Max(Vector256.Create(a), Vector256.Create(b));
        Vector128<float> min128 = Kernels.Min(Vector128.Create(a), Vector128.Create(b));
        for (int i = 0; i < 16; i++)
        {
            if (i == 3)
            {
                Assert.True(float.IsNaN(max[i]) && float.IsNaN(min[i]) && float.IsNaN(max256[i]) && float.IsNaN(min128[i]), "a NaN in z must reach the activation's output");
                continue;
            }

            Assert.Equal(Math.Max(a[i], b[i]), max[i]);
            Assert.Equal(Math.Min(a[i], b[i]), min[i]);
            if (i < 8)
            {
                Assert.Equal(Math.Max(a[i], b[i]), max256[i]);
            }

            if (i < 4)
            {
                Assert.Equal(Math.Min(a[i], b[i]), min128[i]);
            }
        }

        Assert.Equal(Math.Max(Math.Max(b[0], b[1]), Math.Max(b[2], b[3])), Kernels.MaxAcross(Vector128.Create(b)));
    }
}
