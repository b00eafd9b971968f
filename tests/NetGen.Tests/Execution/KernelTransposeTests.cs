using System;
using System.Numerics;

namespace NetGen.Tests.Execution;

/// <summary>
/// <c>Kernels.Transpose</c>, which the batch code runs between sample-major and feature-major blocks, against the
/// definition dst[c, r] = src[r, c]: shapes with whole tiles, edges of every size past them on either side, and the
/// batch code's own shapes (32 × 784, 10 × 32); float and double, whose tiles differ. Every value is distinct, so a
/// value moved to the wrong place is caught; the destination is guarded past its end. In the numeric catalogue's
/// namespace: CI runs it under every instruction-set setting (8 × 8 tiles with 256-bit vectors, 4 × 4 with 128-bit
/// ones, scalar code without).
/// </summary>
public sealed class KernelTransposeTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        int[] sides = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 32, 33 };
        foreach (int rows in sides)
        {
            foreach (int columns in sides)
            {
                data.Add(rows, columns);
            }
        }

        data.Add(32, 784);
        data.Add(784, 32);
        data.Add(10, 32);
        data.Add(16, 257);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Transpose_EveryShape_MovesEachValueToItsPlace(int rows, int columns)
    {
        Check<float>(rows, columns);
        Check<double>(rows, columns);
    }

    [Fact]
    public void Transpose_ShortSpans_Throw()
    {
        var ex = Assert.Throws<ArgumentException>(() => Kernels.Transpose<float>(new float[11], new float[12], 3, 4));
        Assert.Equal("source", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Kernels.Transpose<float>(new float[12], new float[11], 3, 4));
        Assert.Equal("destination", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Kernels.Transpose<float>(new float[12], new float[12], -1, 4));
    }

    private static void Check<T>(int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int guard = 9;
        var source = new T[rows * columns];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = T.CreateChecked(i + 1);
        }

        var destination = new T[(rows * columns) + guard];
        T sentinel = T.CreateChecked(-7.5);
        destination.AsSpan().Fill(sentinel);

        Kernels.Transpose<T>(source, destination.AsSpan(0, rows * columns), rows, columns);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                T expected = source[(r * columns) + c];
                T actual = destination[(c * rows) + r];
                Assert.True(expected == actual, $"{typeof(T).Name} {rows}×{columns}: dst[{c}, {r}] = {actual}, src[{r}, {c}] = {expected}");
            }
        }

        for (int i = rows * columns; i < destination.Length; i++)
        {
            Assert.True(destination[i] == sentinel, $"{typeof(T).Name} {rows}×{columns}: wrote past the end at {i}");
        }
    }
}
