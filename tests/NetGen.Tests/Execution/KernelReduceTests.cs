using System;
using System.Reflection;
using System.Runtime.Intrinsics;
using Xunit;

namespace NetGen.Tests.Execution;

/// <summary>
/// The row-block reductions and the constant rows of the vector e^x, sigmoid and tanh. CI runs these under every
/// instruction-set setting, so each of the kernels' paths (SSE3/AVX pairwise additions, the portable fallback) is checked.
/// </summary>
public class KernelReduceTests
{
    [Fact]
    public void Sum2AndSum1_EveryWidth_EqualSum4WithZeroRowsBitForBit()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            float[] a = Values(random, 16), b = Values(random, 16);
            var a512 = Vector512.Create(a);
            var b512 = Vector512.Create(b);
            var zero128 = Vector128<float>.Zero;

            AssertBits(Kernels.Sum4(a512.GetLower().GetLower(), b512.GetLower().GetLower(), zero128, zero128), Kernels.Sum2(a512.GetLower().GetLower(), b512.GetLower().GetLower()));
            AssertBits(Kernels.Sum4(a512.GetLower(), b512.GetLower(), Vector256<float>.Zero, Vector256<float>.Zero), Kernels.Sum2(a512.GetLower(), b512.GetLower()));
            AssertBits(Kernels.Sum4(a512, b512, Vector512<float>.Zero, Vector512<float>.Zero), Kernels.Sum2(a512, b512));
            AssertBits(Kernels.Sum4(a512.GetLower().GetLower(), zero128, zero128, zero128), Kernels.Sum1(a512.GetLower().GetLower()));
            AssertBits(Kernels.Sum4(a512.GetLower(), Vector256<float>.Zero, Vector256<float>.Zero, Vector256<float>.Zero), Kernels.Sum1(a512.GetLower()));
            AssertBits(Kernels.Sum4(a512, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero), Kernels.Sum1(a512));
        }
    }

    [Fact]
    public void Sum2AndSum1_TheLanesPastTheRows_ArePositiveZero()
    {
        Vector128<float> two = Kernels.Sum2(Vector256.Create(1f, 2, 3, 4, 5, 6, 7, 8), Vector256.Create(-1f));
        Assert.Equal(36f, two.GetElement(0));
        Assert.Equal(-8f, two.GetElement(1));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(two.GetElement(2)));
        Assert.Equal(0, BitConverter.SingleToInt32Bits(two.GetElement(3)));

        Vector128<float> one = Kernels.Sum1(Vector128.Create(0.5f, 0.25f, -2f, 8f));
        Assert.Equal(6.75f, one.GetElement(0));
        for (int lane = 1; lane < 4; lane++)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(one.GetElement(lane)));
        }
    }

    [Fact]
    public void ConstantRows_EachRowHoldsItsNamedConstantInEveryLane()
    {
        // The rows are written in the order of the SingleRow and DoubleRow enums; a row out of place would feed e^x a
        // wrong coefficient in 128- and 256-bit code only, so compare every row with the constant of the same name.
        AssertRows<Kernels.SingleRow, float>("SingleConstant", Kernels.Row128, Kernels.Row256);
        AssertRows<Kernels.DoubleRow, double>("DoubleConstant", Kernels.Row128, Kernels.Row256);
    }

    private static void AssertRows<TRow, T>(string constants, Func<TRow, Vector128<T>> row128, Func<TRow, Vector256<T>> row256)
        where TRow : struct, Enum
    {
        FieldInfo[] fields = typeof(Kernels).GetNestedType(constants, BindingFlags.NonPublic)!.GetFields();
        TRow[] rows = Enum.GetValues<TRow>();
        Assert.Equal(rows.Length, fields.Length);
        foreach (TRow row in rows)
        {
            var expected = (T)Array.Find(fields, f => f.Name == row.ToString())!.GetValue(null)!;
            Vector256<T> lanes = row256(row);
            Assert.True(lanes == Vector256.Create(expected), $"{row}: {lanes} instead of {expected}");
            Assert.True(row128(row) == Vector128.Create(expected), row.ToString());
        }
    }

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)));
        }

        return values;
    }

    private static void AssertBits(Vector128<float> expected, Vector128<float> actual)
    {
        for (int lane = 0; lane < 4; lane++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.GetElement(lane)), BitConverter.SingleToInt32Bits(actual.GetElement(lane)));
        }
    }
}
