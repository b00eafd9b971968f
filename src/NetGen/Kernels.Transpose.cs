using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NetGen
{
    public static partial class Kernels
    {
        /// <summary>
        /// destination = sourceᵀ: <paramref name="source"/> is [<paramref name="rows"/>, <paramref name="columns"/>]
        /// row-major, <paramref name="destination"/> becomes [<paramref name="columns"/>, <paramref name="rows"/>]. The batch
        /// code's change between sample-major and feature-major blocks. Square tiles are transposed in registers (8 × 8
        /// floats or 4 × 4 doubles with 256-bit vectors, 4 × 4 floats or 2 × 2 doubles with 128-bit ones, on x86 and Arm64):
        /// each source row is read and each destination row written a whole vector at a time, where a plain loop writes
        /// one value per destination row and touches a new cache line with every value. The edges past the last whole
        /// tile are copied one value at a time. The spans must not overlap.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Transpose<T>(ReadOnlySpan<T> source, Span<T> destination, int rows, int columns)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            CheckMatrix<T>(source, nameof(source), destination, nameof(destination), rows, columns);
            ref T src = ref MemoryMarshal.GetReference(source);
            ref T dst = ref MemoryMarshal.GetReference(destination);
            int tile = TransposeTile<T>();
            int wholeRows = rows / tile * tile;
            int wholeColumns = columns / tile * tile;
            for (int r = 0; r < wholeRows; r += tile)
            {
                for (int c = 0; c < wholeColumns; c += tile)
                {
                    TransposeTile(ref Unsafe.Add(ref src, (r * columns) + c), columns, ref Unsafe.Add(ref dst, (c * rows) + r), rows);
                }
            }

            // The edges: the columns past the last whole tile in every row, then the rows past it in the tiled columns.
            for (int r = 0; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref src, r * columns);
                for (int c = wholeColumns; c < columns; c++)
                {
                    Unsafe.Add(ref dst, (c * rows) + r) = Unsafe.Add(ref row, c);
                }
            }

            for (int r = wholeRows; r < rows; r++)
            {
                ref T row = ref Unsafe.Add(ref src, r * columns);
                for (int c = 0; c < wholeColumns; c++)
                {
                    Unsafe.Add(ref dst, (c * rows) + r) = Unsafe.Add(ref row, c);
                }
            }
        }

        /// <summary>The side of the square tile <see cref="TransposeTile{T}(ref T, int, ref T, int)"/> moves in registers (0: none).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int TransposeTile<T>()
        {
            if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
            {
                return 32 / Unsafe.SizeOf<T>();
            }

            if (Vector128.IsHardwareAccelerated && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported))
            {
                return 16 / Unsafe.SizeOf<T>();
            }

            return int.MaxValue;
        }

        /// <summary>One tile of <see cref="TransposeTile{T}()"/> values a side: rows <paramref name="sourceStride"/> apart in, <paramref name="destinationStride"/> apart out.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TransposeTile<T>(ref T source, int sourceStride, ref T destination, int destinationStride)
        {
            if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
            {
                if (typeof(T) == typeof(float))
                {
                    Transpose8x8(ref Unsafe.As<T, float>(ref source), sourceStride, ref Unsafe.As<T, float>(ref destination), destinationStride);
                }
                else
                {
                    Transpose4x4(ref Unsafe.As<T, double>(ref source), sourceStride, ref Unsafe.As<T, double>(ref destination), destinationStride);
                }
            }
            else if (typeof(T) == typeof(float))
            {
                Transpose4x4(ref Unsafe.As<T, float>(ref source), sourceStride, ref Unsafe.As<T, float>(ref destination), destinationStride);
            }
            else
            {
                Transpose2x2(ref Unsafe.As<T, double>(ref source), sourceStride, ref Unsafe.As<T, double>(ref destination), destinationStride);
            }
        }

        /// <summary>8 × 8 floats with AVX: pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose8x8(ref float s, int ss, ref float d, int ds)
        {
            Vector256<float> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)ss);
            Vector256<float> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * ss)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * ss));
            Vector256<float> r4 = Vector256.LoadUnsafe(ref s, (nuint)(4 * ss)), r5 = Vector256.LoadUnsafe(ref s, (nuint)(5 * ss));
            Vector256<float> r6 = Vector256.LoadUnsafe(ref s, (nuint)(6 * ss)), r7 = Vector256.LoadUnsafe(ref s, (nuint)(7 * ss));

            // Per 128-bit half: t0 = [a00 a10 a01 a11], t1 = [a02 a12 a03 a13], …
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

            // Per 128-bit half: u0 = [a00 a10 a20 a30], u1 = [a01 a11 a21 a31], … (columns 0–3 low, 4–7 high).
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

            Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref d, (nuint)ds);
            Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref d, (nuint)(2 * ds));
            Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref d, (nuint)(3 * ds));
            Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref d, (nuint)(4 * ds));
            Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref d, (nuint)(5 * ds));
            Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref d, (nuint)(6 * ds));
            Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref d, (nuint)(7 * ds));
        }

        /// <summary>4 × 4 doubles with AVX: pairs of rows interleaved, then the 128-bit halves exchanged.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4x4(ref double s, int ss, ref double d, int ds)
        {
            Vector256<double> r0 = Vector256.LoadUnsafe(ref s), r1 = Vector256.LoadUnsafe(ref s, (nuint)ss);
            Vector256<double> r2 = Vector256.LoadUnsafe(ref s, (nuint)(2 * ss)), r3 = Vector256.LoadUnsafe(ref s, (nuint)(3 * ss));

            // t0 = [a00 a10 | a02 a12], t1 = [a01 a11 | a03 a13], t2 = [a20 a30 | a22 a32], t3 = [a21 a31 | a23 a33].
            Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Avx.Permute2x128(t0, t2, 0x20).StoreUnsafe(ref d);
            Avx.Permute2x128(t1, t3, 0x20).StoreUnsafe(ref d, (nuint)ds);
            Avx.Permute2x128(t0, t2, 0x31).StoreUnsafe(ref d, (nuint)(2 * ds));
            Avx.Permute2x128(t1, t3, 0x31).StoreUnsafe(ref d, (nuint)(3 * ds));
        }

        /// <summary>4 × 4 floats with 128-bit vectors: pairs of rows interleaved, then their 64-bit halves paired.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4x4(ref float s, int ss, ref float d, int ds)
        {
            Vector128<float> r0 = Vector128.LoadUnsafe(ref s), r1 = Vector128.LoadUnsafe(ref s, (nuint)ss);
            Vector128<float> r2 = Vector128.LoadUnsafe(ref s, (nuint)(2 * ss)), r3 = Vector128.LoadUnsafe(ref s, (nuint)(3 * ss));
            Vector128<float> c0, c1, c2, c3;
            if (Sse.IsSupported)
            {
                // t0 = [a00 a10 a01 a11], t1 = [a02 a12 a03 a13], t2 = [a20 a30 a21 a31], t3 = [a22 a32 a23 a33].
                Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
                Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
                c0 = Sse.MoveLowToHigh(t0, t2);
                c1 = Sse.MoveHighToLow(t2, t0);
                c2 = Sse.MoveLowToHigh(t1, t3);
                c3 = Sse.MoveHighToLow(t3, t1);
            }
            else
            {
                Vector128<double> t0 = AdvSimd.Arm64.ZipLow(r0, r1).AsDouble(), t1 = AdvSimd.Arm64.ZipHigh(r0, r1).AsDouble();
                Vector128<double> t2 = AdvSimd.Arm64.ZipLow(r2, r3).AsDouble(), t3 = AdvSimd.Arm64.ZipHigh(r2, r3).AsDouble();
                c0 = AdvSimd.Arm64.ZipLow(t0, t2).AsSingle();
                c1 = AdvSimd.Arm64.ZipHigh(t0, t2).AsSingle();
                c2 = AdvSimd.Arm64.ZipLow(t1, t3).AsSingle();
                c3 = AdvSimd.Arm64.ZipHigh(t1, t3).AsSingle();
            }

            c0.StoreUnsafe(ref d);
            c1.StoreUnsafe(ref d, (nuint)ds);
            c2.StoreUnsafe(ref d, (nuint)(2 * ds));
            c3.StoreUnsafe(ref d, (nuint)(3 * ds));
        }

        /// <summary>2 × 2 doubles with 128-bit vectors.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose2x2(ref double s, int ss, ref double d, int ds)
        {
            Vector128<double> r0 = Vector128.LoadUnsafe(ref s), r1 = Vector128.LoadUnsafe(ref s, (nuint)ss);
            if (Sse2.IsSupported)
            {
                Sse2.UnpackLow(r0, r1).StoreUnsafe(ref d);
                Sse2.UnpackHigh(r0, r1).StoreUnsafe(ref d, (nuint)ds);
            }
            else
            {
                AdvSimd.Arm64.ZipLow(r0, r1).StoreUnsafe(ref d);
                AdvSimd.Arm64.ZipHigh(r0, r1).StoreUnsafe(ref d, (nuint)ds);
            }
        }
    }
}
