using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Benchmarks.Contenders;

/// <summary>The vector width a hand-written contender runs its loops at.</summary>
public enum VectorWidth
{
    /// <summary>One float at a time (<see cref="MathF.FusedMultiplyAdd"/>).</summary>
    Scalar = 1,

    /// <summary><see cref="Vector128{T}"/>: SSE on x64, NEON on ARM64.</summary>
    Bits128 = 128,

    /// <summary><see cref="Vector256{T}"/>: AVX2.</summary>
    Bits256 = 256,

    /// <summary><see cref="Vector512{T}"/>: AVX-512.</summary>
    Bits512 = 512,
}

/// <summary>
/// The loops the careful contenders share, written once over a vector type and instantiated for 512-, 256- and 128-bit
/// vectors and for scalars (the JIT specialises each struct instantiation, so there is no abstraction cost). A
/// contender picks <see cref="Best"/>, the widest width the hardware accelerates, so that on an AVX2 machine or on ARM64
/// it runs native vectors instead of the software-emulated <see cref="Vector512{T}"/>; tests pass every width.
/// </summary>
public static class VectorKernels
{
    /// <summary>The widest vector the hardware accelerates; constants the JIT folds.</summary>
    public static VectorWidth Best =>
        Vector512.IsHardwareAccelerated ? VectorWidth.Bits512
        : Vector256.IsHardwareAccelerated ? VectorWidth.Bits256
        : Vector128.IsHardwareAccelerated ? VectorWidth.Bits128
        : VectorWidth.Scalar;

    /// <summary>Every width; each runs anywhere (unaccelerated vectors are emulated), so tests can check them all.</summary>
    public static IReadOnlyList<VectorWidth> All { get; } = [VectorWidth.Bits512, VectorWidth.Bits256, VectorWidth.Bits128, VectorWidth.Scalar];

    /// <summary>Σ a_i b_i with two accumulators and fused multiply-adds.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, VectorWidth width) => width switch
    {
        VectorWidth.Bits512 => Dot<Vector512<float>, Lanes512>(a, b),
        VectorWidth.Bits256 => Dot<Vector256<float>, Lanes256>(a, b),
        VectorWidth.Bits128 => Dot<Vector128<float>, Lanes128>(a, b),
        _ => Dot<float, Lane1>(a, b),
    };

    /// <summary>y += s·x with fused multiply-adds.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float s, Span<float> y, VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.Bits512: MultiplyAdd<Vector512<float>, Lanes512>(x, s, y); break;
            case VectorWidth.Bits256: MultiplyAdd<Vector256<float>, Lanes256>(x, s, y); break;
            case VectorWidth.Bits128: MultiplyAdd<Vector128<float>, Lanes128>(x, s, y); break;
            default: MultiplyAdd<float, Lane1>(x, s, y); break;
        }
    }

    /// <summary>y = y &gt; 0 ? y : alpha·y in place (alpha 0 is ReLU).</summary>
    public static void LeakyReLU(Span<float> y, float alpha, VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.Bits512: LeakyReLU<Vector512<float>, Lanes512>(y, alpha); break;
            case VectorWidth.Bits256: LeakyReLU<Vector256<float>, Lanes256>(y, alpha); break;
            case VectorWidth.Bits128: LeakyReLU<Vector128<float>, Lanes128>(y, alpha); break;
            default: LeakyReLU<float, Lane1>(y, alpha); break;
        }
    }

    /// <summary>
    /// tanh in place; vectors use 1 − 2 / (e^(2z) + 1) with the vector exp (exact ±1 in the limits, a few ulp
    /// elsewhere, absolute), scalars <see cref="MathF.Tanh"/>.
    /// </summary>
    public static void Tanh(Span<float> y, VectorWidth width)
    {
        switch (width)
        {
            case VectorWidth.Bits512: Tanh<Vector512<float>, Lanes512>(y); break;
            case VectorWidth.Bits256: Tanh<Vector256<float>, Lanes256>(y); break;
            case VectorWidth.Bits128: Tanh<Vector128<float>, Lanes128>(y); break;
            default: Tanh<float, Lane1>(y); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Dot<TV, TL>(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        int n = a.Length, w = TL.Count;
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        float sum = 0;
        if (n >= w)
        {
            TV acc0 = TL.Zero, acc1 = TL.Zero;
            for (; i <= n - (2 * w); i += 2 * w)
            {
                acc0 = TL.Fma(TL.Load(ref ra, i), TL.Load(ref rb, i), acc0);
                acc1 = TL.Fma(TL.Load(ref ra, i + w), TL.Load(ref rb, i + w), acc1);
            }

            if (i <= n - w)
            {
                acc0 = TL.Fma(TL.Load(ref ra, i), TL.Load(ref rb, i), acc0);
                i += w;
            }

            sum = TL.Sum(TL.Add(acc0, acc1));
        }

        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref ra, i), Unsafe.Add(ref rb, i), sum);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyAdd<TV, TL>(ReadOnlySpan<float> x, float s, Span<float> y)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        int n = y.Length, w = TL.Count;
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        TV vs = TL.Splat(s);
        for (; i <= n - w; i += w)
        {
            TL.Store(TL.Fma(TL.Load(ref rx, i), vs, TL.Load(ref ry, i)), ref ry, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref rx, i), s, Unsafe.Add(ref ry, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void LeakyReLU<TV, TL>(Span<float> y, float alpha)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        int n = y.Length, w = TL.Count;
        ref float r = ref MemoryMarshal.GetReference(y);
        TV a = TL.Splat(alpha);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            TL.Store(TL.LeakyReLU(TL.Load(ref r, i), a), ref r, i);
        }

        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref r, i);
            Unsafe.Add(ref r, i) = v > 0 ? v : alpha * v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Tanh<TV, TL>(Span<float> y)
        where TV : struct
        where TL : struct, ILanes<TV>
    {
        int n = y.Length, w = TL.Count;
        ref float r = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            TL.Store(TL.Tanh(TL.Load(ref r, i)), ref r, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref r, i) = MathF.Tanh(Unsafe.Add(ref r, i));
        }
    }
}

/// <summary>The operations the kernels need from one vector width; implemented by empty structs, one per width.</summary>
internal interface ILanes<TV>
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(ref float source, int index);

    static abstract void Store(TV value, ref float destination, int index);

    static abstract TV Splat(float value);

    static abstract TV Add(TV a, TV b);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    static abstract float Sum(TV value);

    /// <summary>v &gt; 0 ? v : alpha·v per lane.</summary>
    static abstract TV LeakyReLU(TV value, TV alpha);

    static abstract TV Tanh(TV value);
}

internal readonly struct Lanes512 : ILanes<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    public static Vector512<float> Load(ref float source, int index) => Vector512.LoadUnsafe(ref source, (nuint)index);

    public static void Store(Vector512<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    public static Vector512<float> Splat(float value) => Vector512.Create(value);

    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    public static float Sum(Vector512<float> value) => Vector512.Sum(value);

    public static Vector512<float> LeakyReLU(Vector512<float> value, Vector512<float> alpha) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(value, Vector512<float>.Zero), value, value * alpha);

    public static Vector512<float> Tanh(Vector512<float> value) =>
        Vector512<float>.One - (Vector512.Create(2f) / (Vector512.Exp(value * 2f) + Vector512<float>.One));
}

internal readonly struct Lanes256 : ILanes<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    public static Vector256<float> Load(ref float source, int index) => Vector256.LoadUnsafe(ref source, (nuint)index);

    public static void Store(Vector256<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    public static Vector256<float> Splat(float value) => Vector256.Create(value);

    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    public static float Sum(Vector256<float> value) => Vector256.Sum(value);

    public static Vector256<float> LeakyReLU(Vector256<float> value, Vector256<float> alpha) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(value, Vector256<float>.Zero), value, value * alpha);

    public static Vector256<float> Tanh(Vector256<float> value) =>
        Vector256<float>.One - (Vector256.Create(2f) / (Vector256.Exp(value * 2f) + Vector256<float>.One));
}

internal readonly struct Lanes128 : ILanes<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    public static Vector128<float> Zero => Vector128<float>.Zero;

    public static Vector128<float> Load(ref float source, int index) => Vector128.LoadUnsafe(ref source, (nuint)index);

    public static void Store(Vector128<float> value, ref float destination, int index) => value.StoreUnsafe(ref destination, (nuint)index);

    public static Vector128<float> Splat(float value) => Vector128.Create(value);

    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    public static float Sum(Vector128<float> value) => Vector128.Sum(value);

    public static Vector128<float> LeakyReLU(Vector128<float> value, Vector128<float> alpha) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(value, Vector128<float>.Zero), value, value * alpha);

    public static Vector128<float> Tanh(Vector128<float> value) =>
        Vector128<float>.One - (Vector128.Create(2f) / (Vector128.Exp(value * 2f) + Vector128<float>.One));
}

internal readonly struct Lane1 : ILanes<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    public static float Load(ref float source, int index) => Unsafe.Add(ref source, index);

    public static void Store(float value, ref float destination, int index) => Unsafe.Add(ref destination, index) = value;

    public static float Splat(float value) => value;

    public static float Add(float a, float b) => a + b;

    public static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    public static float Sum(float value) => value;

    public static float LeakyReLU(float value, float alpha) => value > 0 ? value : value * alpha;

    public static float Tanh(float value) => MathF.Tanh(value);
}
