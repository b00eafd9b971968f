using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen
{
    // The span forms of the element-wise activations that need an exponential (sigmoid, tanh, softmax's exponentials):
    // the batch code runs them over whole blocks of samples, so they use the vector functions of Kernels.Vector.cs at the
    // widest accelerated width, then narrower ones, and the scalar formula only for the last few values. One loop for all
    // of them (Map), specialised per operation by a struct type argument, so that each operation's vector function is
    // inlined into its own copy of the loop.
    public static partial class Kernels
    {
        /// <summary>One element-wise function at every width and precision, and as a scalar for the tail.</summary>
        private interface IElementwise
        {
            Vector512<float> Apply(Vector512<float> x);

            Vector512<double> Apply(Vector512<double> x);

            Vector256<float> Apply(Vector256<float> x);

            Vector256<double> Apply(Vector256<double> x);

            Vector128<float> Apply(Vector128<float> x);

            Vector128<double> Apply(Vector128<double> x);

            T Apply<T>(T x)
                where T : unmanaged, IFloatingPointIeee754<T>;
        }

        private readonly struct SigmoidOp : IElementwise
        {
            public Vector512<float> Apply(Vector512<float> x) => Sigmoid(x);

            public Vector512<double> Apply(Vector512<double> x) => Sigmoid(x);

            public Vector256<float> Apply(Vector256<float> x) => Sigmoid(x);

            public Vector256<double> Apply(Vector256<double> x) => Sigmoid(x);

            public Vector128<float> Apply(Vector128<float> x) => Sigmoid(x);

            public Vector128<double> Apply(Vector128<double> x) => Sigmoid(x);

            public T Apply<T>(T x)
                where T : unmanaged, IFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));
        }

        private readonly struct TanhOp : IElementwise
        {
            public Vector512<float> Apply(Vector512<float> x) => Tanh(x);

            public Vector512<double> Apply(Vector512<double> x) => Tanh(x);

            public Vector256<float> Apply(Vector256<float> x) => Tanh(x);

            public Vector256<double> Apply(Vector256<double> x) => Tanh(x);

            public Vector128<float> Apply(Vector128<float> x) => Tanh(x);

            public Vector128<double> Apply(Vector128<double> x) => Tanh(x);

            public T Apply<T>(T x)
                where T : unmanaged, IFloatingPointIeee754<T> => T.Tanh(x);
        }

        /// <summary>e^(x − shift), for softmax: the shift is the largest logit, so no exponential overflows.</summary>
        private readonly struct ShiftedExpOp : IElementwise
        {
            private readonly float _shiftSingle;
            private readonly double _shiftDouble;

            public ShiftedExpOp(double shift)
            {
                _shiftSingle = (float)shift;
                _shiftDouble = shift;
            }

            public Vector512<float> Apply(Vector512<float> x) => Exp(x - Vector512.Create(_shiftSingle));

            public Vector512<double> Apply(Vector512<double> x) => Exp(x - Vector512.Create(_shiftDouble));

            public Vector256<float> Apply(Vector256<float> x) => Exp(x - Vector256.Create(_shiftSingle));

            public Vector256<double> Apply(Vector256<double> x) => Exp(x - Vector256.Create(_shiftDouble));

            public Vector128<float> Apply(Vector128<float> x) => Exp(x - Vector128.Create(_shiftSingle));

            public Vector128<double> Apply(Vector128<double> x) => Exp(x - Vector128.Create(_shiftDouble));

            public T Apply<T>(T x)
                where T : unmanaged, IFloatingPointIeee754<T> => T.Exp(x - T.CreateTruncating(_shiftDouble));
        }

        /// <summary>h_i = f(z_i) for every i of <paramref name="h"/>; <paramref name="z"/> may be <paramref name="h"/> itself.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Map<T, TOp>(ReadOnlySpan<T> z, Span<T> h, TOp op)
            where T : unmanaged, IFloatingPointIeee754<T>
            where TOp : struct, IElementwise
        {
            int n = h.Length;
            if (z.Length < n)
            {
                ThrowLength(nameof(z), n, z.Length);
            }

            ref T rz = ref MemoryMarshal.GetReference(z);
            ref T rh = ref MemoryMarshal.GetReference(h);
            int i = 0;
            if (typeof(T) == typeof(float))
            {
                i = MapVectors(ref Unsafe.As<T, float>(ref rz), ref Unsafe.As<T, float>(ref rh), n, op);
            }
            else if (typeof(T) == typeof(double))
            {
                i = MapVectors(ref Unsafe.As<T, double>(ref rz), ref Unsafe.As<T, double>(ref rh), n, op);
            }

            for (; i < n; i++)
            {
                Unsafe.Add(ref rh, i) = op.Apply(Unsafe.Add(ref rz, i));
            }
        }

        /// <summary>The whole vectors of <see cref="Map{T, TOp}"/> in float, widest first; returns how many values they covered.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int MapVectors<TOp>(ref float z, ref float h, int n, TOp op)
            where TOp : struct, IElementwise
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    op.Apply(Vector512.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    op.Apply(Vector256.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    op.Apply(Vector128.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            return i;
        }

        /// <summary>The whole vectors of <see cref="Map{T, TOp}"/> in double, widest first; returns how many values they covered.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int MapVectors<TOp>(ref double z, ref double h, int n, TOp op)
            where TOp : struct, IElementwise
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
                {
                    op.Apply(Vector512.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
                {
                    op.Apply(Vector256.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                for (; i <= n - Vector128<double>.Count; i += Vector128<double>.Count)
                {
                    op.Apply(Vector128.LoadUnsafe(ref z, (nuint)i)).StoreUnsafe(ref h, (nuint)i);
                }
            }

            return i;
        }
    }
}
