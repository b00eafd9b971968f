using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using X86 = System.Runtime.Intrinsics.X86;

namespace NetGen
{
    // Reductions across the rows of a block: the generated code sums the products of four weight rows with the input in
    // four vector accumulators, then turns them into one vector of four unit sums here, without a round trip through
    // memory (storing four scalars and loading them back as a vector stalls store-to-load forwarding).
    public static partial class Kernels
    {
        /// <summary>
        /// The sums of the lanes of <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/> and <paramref name="d"/>,
        /// in that order: a transpose-and-add tree of two pairwise additions (SSE3 <c>haddps</c>, Arm64 <c>faddp</c>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
        {
            if (X86.Sse3.IsSupported)
            {
                return X86.Sse3.HorizontalAdd(X86.Sse3.HorizontalAdd(a, b), X86.Sse3.HorizontalAdd(c, d));
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
            }

            return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));
        }

        /// <summary>
        /// The sums of the lanes of four vectors, in order: with AVX the pairwise tree runs at full width (three
        /// <c>vhaddps</c>, each 128-bit half then holds the four half sums) and the halves are added once; elsewhere
        /// each vector is first folded to 128 bits.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
        {
            if (X86.Avx.IsSupported)
            {
                Vector256<float> sums = X86.Avx.HorizontalAdd(X86.Avx.HorizontalAdd(a, b), X86.Avx.HorizontalAdd(c, d));
                return sums.GetLower() + sums.GetUpper();
            }

            return Sum4(Fold(a), Fold(b), Fold(c), Fold(d));
        }

        /// <summary>The sums of the lanes of four vectors, in order (each first folded to 256 bits, then the 256-bit tree).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
            Sum4(Fold(a), Fold(b), Fold(c), Fold(d));

        /// <summary>
        /// <see cref="Sum4(Vector128{float}, Vector128{float}, Vector128{float}, Vector128{float})"/> of a, b and two zero
        /// vectors, for a block of two rows: the sums of a and b, then two zero lanes; one pairwise addition fewer.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum2(Vector128<float> a, Vector128<float> b)
        {
            if (X86.Sse3.IsSupported)
            {
                return X86.Sse3.HorizontalAdd(X86.Sse3.HorizontalAdd(a, b), Vector128<float>.Zero);
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), Vector128<float>.Zero);
            }

            return Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), 0f, 0f);
        }

        /// <summary>The sums of the lanes of two vectors, then two zero lanes (the 256-bit tree, as in Sum4).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum2(Vector256<float> a, Vector256<float> b)
        {
            if (X86.Avx.IsSupported)
            {
                Vector256<float> sums = X86.Avx.HorizontalAdd(X86.Avx.HorizontalAdd(a, b), Vector256<float>.Zero);
                return sums.GetLower() + sums.GetUpper();
            }

            return Sum2(Fold(a), Fold(b));
        }

        /// <summary>The sums of the lanes of two vectors, then two zero lanes (each first folded to 256 bits).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum2(Vector512<float> a, Vector512<float> b) => Sum2(Fold(a), Fold(b));

        /// <summary>
        /// <see cref="Sum4(Vector128{float}, Vector128{float}, Vector128{float}, Vector128{float})"/> of a and three zero
        /// vectors, for a block of one row: the sum of a, then three zero lanes; one pairwise addition fewer.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum1(Vector128<float> a)
        {
            if (X86.Sse3.IsSupported)
            {
                return X86.Sse3.HorizontalAdd(X86.Sse3.HorizontalAdd(a, Vector128<float>.Zero), Vector128<float>.Zero);
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, Vector128<float>.Zero), Vector128<float>.Zero);
            }

            return Vector128.CreateScalar(Vector128.Sum(a));
        }

        /// <summary>The sum of the lanes of a vector, then three zero lanes (the 256-bit tree, as in Sum4).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum1(Vector256<float> a)
        {
            if (X86.Avx.IsSupported)
            {
                Vector256<float> sums = X86.Avx.HorizontalAdd(X86.Avx.HorizontalAdd(a, Vector256<float>.Zero), Vector256<float>.Zero);
                return sums.GetLower() + sums.GetUpper();
            }

            return Sum1(Fold(a));
        }

        /// <summary>The sum of the lanes of a vector, then three zero lanes (first folded to 256 bits).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sum1(Vector512<float> a) => Sum1(Fold(a));

        /// <summary>The sum of the lanes of <paramref name="a"/>: its halves added, then the 128-bit tree.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector512<float> a) => Sum(Fold(Fold(a)));

        /// <summary>The sum of the lanes of <paramref name="a"/>: its halves added, then the 128-bit tree.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector256<float> a) => Sum(Fold(a));

        /// <summary>The sum of the four lanes of <paramref name="a"/>, by two pairwise additions.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sum(Vector128<float> a)
        {
            if (X86.Sse3.IsSupported)
            {
                Vector128<float> pairs = X86.Sse3.HorizontalAdd(a, a);
                return X86.Sse3.HorizontalAdd(pairs, pairs).ToScalar();
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                Vector128<float> pairs = AdvSimd.Arm64.AddPairwise(a, a);
                return AdvSimd.Arm64.AddPairwise(pairs, pairs).ToScalar();
            }

            return Vector128.Sum(a);
        }

        /// <summary>
        /// The larger of each pair of lanes, one instruction (<c>maxps</c>, <c>fmax</c>); where a lane of
        /// <paramref name="a"/> is NaN the result is that NaN. .NET 9's <c>Vector128.Max</c> orders −0 below +0 and
        /// propagates a NaN of either side, which costs three instructions per vector on x86.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Max(Vector128<float> a, Vector128<float> b)
        {
            if (X86.Sse.IsSupported)
            {
                return X86.Sse.Max(b, a);
            }

            return AdvSimd.IsSupported ? AdvSimd.Max(a, b) : Vector128.Max(a, b);
        }

        /// <inheritdoc cref="Max(Vector128{float}, Vector128{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => X86.Avx.IsSupported ? X86.Avx.Max(b, a) : Vector256.Max(a, b);

        /// <inheritdoc cref="Max(Vector128{float}, Vector128{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => X86.Avx512F.IsSupported ? X86.Avx512F.Max(b, a) : Vector512.Max(a, b);

        /// <summary>
        /// The smaller of each pair of lanes, one instruction (<c>minps</c>, <c>fmin</c>); where a lane of
        /// <paramref name="a"/> is NaN the result is that NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Min(Vector128<float> a, Vector128<float> b)
        {
            if (X86.Sse.IsSupported)
            {
                return X86.Sse.Min(b, a);
            }

            return AdvSimd.IsSupported ? AdvSimd.Min(a, b) : Vector128.Min(a, b);
        }

        /// <inheritdoc cref="Min(Vector128{float}, Vector128{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => X86.Avx.IsSupported ? X86.Avx.Min(b, a) : Vector256.Min(a, b);

        /// <inheritdoc cref="Min(Vector128{float}, Vector128{float})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => X86.Avx512F.IsSupported ? X86.Avx512F.Min(b, a) : Vector512.Min(a, b);

        /// <summary>The largest of the four lanes of <paramref name="a"/> (two shuffles and two <see cref="Max(Vector128{float}, Vector128{float})"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float MaxAcross(Vector128<float> a)
        {
            Vector128<float> m = Max(a, Vector128.Shuffle(a, Vector128.Create(2, 3, 0, 1)));
            return Max(m, Vector128.Shuffle(m, Vector128.Create(1, 0, 3, 2))).ToScalar();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Fold(Vector256<float> a) => a.GetLower() + a.GetUpper();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Fold(Vector512<float> a) => a.GetLower() + a.GetUpper();
    }
}
