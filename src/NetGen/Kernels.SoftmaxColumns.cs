using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen
{
    public static partial class Kernels
    {
        /// <summary>
        /// The softmax of every column of <paramref name="z"/>, [<paramref name="rows"/> units, <paramref name="columns"/>
        /// samples] row-major (a block of samples feature-major, as the batch code holds it), into <paramref name="h"/> of
        /// the same layout: e^(z − max z) / Σ e^(z − max z) per column. The vectors run along the samples, so a whole
        /// vector of samples takes one max, one exponential and one multiply per unit, where <see cref="Softmax{T}"/> on
        /// each sample's short row pays for its tail and its lane sums. Columns past the last whole vector take the scalar
        /// formula. <paramref name="z"/> may be <paramref name="h"/> itself.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SoftmaxColumns<T>(ReadOnlySpan<T> z, Span<T> h, int rows, int columns)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (rows == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), rows, "A softmax needs one or more units (rows).");
            }

            CheckMatrix<T>(z, nameof(z), h, nameof(h), rows, columns);
            ref T rz = ref MemoryMarshal.GetReference(z);
            ref T rh = ref MemoryMarshal.GetReference(h);
            int c = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; c <= columns - Vector512<T>.Count; c += Vector512<T>.Count)
                {
                    ref T zc = ref Unsafe.Add(ref rz, c);
                    ref T hc = ref Unsafe.Add(ref rh, c);
                    Vector512<T> max = Vector512.LoadUnsafe(ref zc);
                    for (int r = 1; r < rows; r++)
                    {
                        max = Vector512.Max(max, Vector512.LoadUnsafe(ref zc, (nuint)(r * columns)));
                    }

                    Vector512<T> sum = Vector512<T>.Zero;
                    for (int r = 0; r < rows; r++)
                    {
                        Vector512<T> e = ExpOf(Vector512.LoadUnsafe(ref zc, (nuint)(r * columns)) - max);
                        e.StoreUnsafe(ref hc, (nuint)(r * columns));
                        sum += e;
                    }

                    Vector512<T> inverse = Vector512<T>.One / sum;
                    for (int r = 0; r < rows; r++)
                    {
                        (Vector512.LoadUnsafe(ref hc, (nuint)(r * columns)) * inverse).StoreUnsafe(ref hc, (nuint)(r * columns));
                    }
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; c <= columns - Vector256<T>.Count; c += Vector256<T>.Count)
                {
                    ref T zc = ref Unsafe.Add(ref rz, c);
                    ref T hc = ref Unsafe.Add(ref rh, c);
                    Vector256<T> max = Vector256.LoadUnsafe(ref zc);
                    for (int r = 1; r < rows; r++)
                    {
                        max = Vector256.Max(max, Vector256.LoadUnsafe(ref zc, (nuint)(r * columns)));
                    }

                    Vector256<T> sum = Vector256<T>.Zero;
                    for (int r = 0; r < rows; r++)
                    {
                        Vector256<T> e = ExpOf(Vector256.LoadUnsafe(ref zc, (nuint)(r * columns)) - max);
                        e.StoreUnsafe(ref hc, (nuint)(r * columns));
                        sum += e;
                    }

                    Vector256<T> inverse = Vector256<T>.One / sum;
                    for (int r = 0; r < rows; r++)
                    {
                        (Vector256.LoadUnsafe(ref hc, (nuint)(r * columns)) * inverse).StoreUnsafe(ref hc, (nuint)(r * columns));
                    }
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                for (; c <= columns - Vector128<T>.Count; c += Vector128<T>.Count)
                {
                    ref T zc = ref Unsafe.Add(ref rz, c);
                    ref T hc = ref Unsafe.Add(ref rh, c);
                    Vector128<T> max = Vector128.LoadUnsafe(ref zc);
                    for (int r = 1; r < rows; r++)
                    {
                        max = Vector128.Max(max, Vector128.LoadUnsafe(ref zc, (nuint)(r * columns)));
                    }

                    Vector128<T> sum = Vector128<T>.Zero;
                    for (int r = 0; r < rows; r++)
                    {
                        Vector128<T> e = ExpOf(Vector128.LoadUnsafe(ref zc, (nuint)(r * columns)) - max);
                        e.StoreUnsafe(ref hc, (nuint)(r * columns));
                        sum += e;
                    }

                    Vector128<T> inverse = Vector128<T>.One / sum;
                    for (int r = 0; r < rows; r++)
                    {
                        (Vector128.LoadUnsafe(ref hc, (nuint)(r * columns)) * inverse).StoreUnsafe(ref hc, (nuint)(r * columns));
                    }
                }
            }

            for (; c < columns; c++)
            {
                T max = Unsafe.Add(ref rz, c);
                for (int r = 1; r < rows; r++)
                {
                    max = T.Max(max, Unsafe.Add(ref rz, (r * columns) + c));
                }

                T sum = T.Zero;
                for (int r = 0; r < rows; r++)
                {
                    T e = T.Exp(Unsafe.Add(ref rz, (r * columns) + c) - max);
                    Unsafe.Add(ref rh, (r * columns) + c) = e;
                    sum += e;
                }

                T inverse = T.One / sum;
                for (int r = 0; r < rows; r++)
                {
                    Unsafe.Add(ref rh, (r * columns) + c) *= inverse;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<T> ExpOf<T>(Vector512<T> x) =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<T> ExpOf<T>(Vector256<T> x) =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> ExpOf<T>(Vector128<T> x) =>
            typeof(T) == typeof(float) ? Exp(x.AsSingle()).As<float, T>() : Exp(x.AsDouble()).As<double, T>();
    }
}
