using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using X86 = System.Runtime.Intrinsics.X86;

namespace NetGen
{
    // The vector operations generated code calls that .NET 8 has no portable API for: a fused multiply-add that is one
    // instruction where the hardware has one (Vector128/256/512.FusedMultiplyAdd arrive only in .NET 9, and there emulate
    // it in software where FMA is missing, which is slower than a multiply and an add), and exp and tanh accurate to a
    // few ulp. One overload per vector width and precision: each is inlined, and the IsSupported checks fold to the one
    // instruction sequence the machine runs.
    public static partial class Kernels
    {
        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c)
        {
            if (X86.Fma.IsSupported)
            {
                return X86.Fma.MultiplyAdd(a, b, c);
            }

            if (AdvSimd.IsSupported)
            {
                return AdvSimd.FusedMultiplyAdd(c, a, b);
            }

            return (a * b) + c;
        }

        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c)
        {
            if (X86.Fma.IsSupported)
            {
                return X86.Fma.MultiplyAdd(a, b, c);
            }

            if (AdvSimd.Arm64.IsSupported)
            {
                return AdvSimd.Arm64.FusedMultiplyAdd(c, a, b);
            }

            return (a * b) + c;
        }

        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c)
        {
            if (X86.Fma.IsSupported)
            {
                return X86.Fma.MultiplyAdd(a, b, c);
            }

            return (a * b) + c;
        }

        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c)
        {
            if (X86.Fma.IsSupported)
            {
                return X86.Fma.MultiplyAdd(a, b, c);
            }

            return (a * b) + c;
        }

        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c)
        {
            if (X86.Avx512F.IsSupported)
            {
                return X86.Avx512F.FusedMultiplyAdd(a, b, c);
            }

            return (a * b) + c;
        }

        /// <summary>a · b + c, fused (one rounding) where the hardware has an FMA instruction, else multiplied and added.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c)
        {
            if (X86.Avx512F.IsSupported)
            {
                return X86.Avx512F.FusedMultiplyAdd(a, b, c);
            }

            return (a * b) + c;
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial (Estrin's form), 2^n into the exponent
        /// bits. Accurate to about 2 ulp; x is clamped to [-87.3f, 88.0f], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Exp(Vector128<float> x)
        {
            x = Min(Max(x, Row128(SingleRow.ExpLow)), Row128(SingleRow.ExpHigh));
            var magic = Row128(SingleRow.ExpMagic);
            Vector128<float> k = Fma(x, Row128(SingleRow.Log2E), magic);
            Vector128<float> n = k - magic;
            Vector128<float> r = Fma(n, Row128(SingleRow.Ln2High), x);
            r = Fma(n, Row128(SingleRow.Ln2Low), r);
            // 1 + r + r²/2! + … + r⁷/7! in Estrin's form: four pairs, two quads, one sum; three FMAs deep instead of Horner's eight.
            Vector128<float> r2 = r * r;
            Vector128<float> pair0 = r + Row128(SingleRow.One);
            Vector128<float> pair1 = Fma(r, Row128(SingleRow.C3), Row128(SingleRow.Half));
            Vector128<float> pair2 = Fma(r, Row128(SingleRow.C5), Row128(SingleRow.C4));
            Vector128<float> pair3 = Fma(r, Row128(SingleRow.C7), Row128(SingleRow.C6));
            Vector128<float> quad0 = Fma(pair1, r2, pair0);
            Vector128<float> quad1 = Fma(pair3, r2, pair2);
            Vector128<float> p = Fma(quad1, r2 * r2, quad0);
            Vector128<int> exponent = Vector128.ShiftLeft(k.AsInt32() - magic.AsInt32() + Vector128.Create((int)127), 23);
            return p * exponent.AsSingle();
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial, 2^n into the exponent bits.
        /// Accurate to about 2 ulp; x is clamped to [-708.39, 709.0], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Exp(Vector128<double> x)
        {
            x = Vector128.Min(Vector128.Max(x, Row128(DoubleRow.ExpLow)), Row128(DoubleRow.ExpHigh));
            var magic = Row128(DoubleRow.ExpMagic);
            Vector128<double> k = Fma(x, Row128(DoubleRow.Log2E), magic);
            Vector128<double> n = k - magic;
            Vector128<double> r = Fma(n, Row128(DoubleRow.Ln2High), x);
            r = Fma(n, Row128(DoubleRow.Ln2Low), r);
            Vector128<double> p = Row128(DoubleRow.C12);
            p = Fma(p, r, Row128(DoubleRow.C11));
            p = Fma(p, r, Row128(DoubleRow.C10));
            p = Fma(p, r, Row128(DoubleRow.C9));
            p = Fma(p, r, Row128(DoubleRow.C8));
            p = Fma(p, r, Row128(DoubleRow.C7));
            p = Fma(p, r, Row128(DoubleRow.C6));
            p = Fma(p, r, Row128(DoubleRow.C5));
            p = Fma(p, r, Row128(DoubleRow.C4));
            p = Fma(p, r, Row128(DoubleRow.C3));
            p = Fma(p, r, Row128(DoubleRow.Half));
            p = Fma(p, r, Row128(DoubleRow.One));
            p = Fma(p, r, Row128(DoubleRow.One));
            Vector128<long> exponent = Vector128.ShiftLeft(k.AsInt64() - magic.AsInt64() + Vector128.Create((long)1023), 52);
            return p * exponent.AsDouble();
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial (Estrin's form), 2^n into the exponent
        /// bits. Accurate to about 2 ulp; x is clamped to [-87.3f, 88.0f], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> x)
        {
            x = Min(Max(x, Row256(SingleRow.ExpLow)), Row256(SingleRow.ExpHigh));
            var magic = Row256(SingleRow.ExpMagic);
            Vector256<float> k = Fma(x, Row256(SingleRow.Log2E), magic);
            Vector256<float> n = k - magic;
            Vector256<float> r = Fma(n, Row256(SingleRow.Ln2High), x);
            r = Fma(n, Row256(SingleRow.Ln2Low), r);
            // 1 + r + r²/2! + … + r⁷/7! in Estrin's form: four pairs, two quads, one sum; three FMAs deep instead of Horner's eight.
            Vector256<float> r2 = r * r;
            Vector256<float> pair0 = r + Row256(SingleRow.One);
            Vector256<float> pair1 = Fma(r, Row256(SingleRow.C3), Row256(SingleRow.Half));
            Vector256<float> pair2 = Fma(r, Row256(SingleRow.C5), Row256(SingleRow.C4));
            Vector256<float> pair3 = Fma(r, Row256(SingleRow.C7), Row256(SingleRow.C6));
            Vector256<float> quad0 = Fma(pair1, r2, pair0);
            Vector256<float> quad1 = Fma(pair3, r2, pair2);
            Vector256<float> p = Fma(quad1, r2 * r2, quad0);
            Vector256<int> exponent = Vector256.ShiftLeft(k.AsInt32() - magic.AsInt32() + Vector256.Create((int)127), 23);
            return p * exponent.AsSingle();
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial, 2^n into the exponent bits.
        /// Accurate to about 2 ulp; x is clamped to [-708.39, 709.0], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Exp(Vector256<double> x)
        {
            x = Vector256.Min(Vector256.Max(x, Row256(DoubleRow.ExpLow)), Row256(DoubleRow.ExpHigh));
            var magic = Row256(DoubleRow.ExpMagic);
            Vector256<double> k = Fma(x, Row256(DoubleRow.Log2E), magic);
            Vector256<double> n = k - magic;
            Vector256<double> r = Fma(n, Row256(DoubleRow.Ln2High), x);
            r = Fma(n, Row256(DoubleRow.Ln2Low), r);
            Vector256<double> p = Row256(DoubleRow.C12);
            p = Fma(p, r, Row256(DoubleRow.C11));
            p = Fma(p, r, Row256(DoubleRow.C10));
            p = Fma(p, r, Row256(DoubleRow.C9));
            p = Fma(p, r, Row256(DoubleRow.C8));
            p = Fma(p, r, Row256(DoubleRow.C7));
            p = Fma(p, r, Row256(DoubleRow.C6));
            p = Fma(p, r, Row256(DoubleRow.C5));
            p = Fma(p, r, Row256(DoubleRow.C4));
            p = Fma(p, r, Row256(DoubleRow.C3));
            p = Fma(p, r, Row256(DoubleRow.Half));
            p = Fma(p, r, Row256(DoubleRow.One));
            p = Fma(p, r, Row256(DoubleRow.One));
            Vector256<long> exponent = Vector256.ShiftLeft(k.AsInt64() - magic.AsInt64() + Vector256.Create((long)1023), 52);
            return p * exponent.AsDouble();
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial (Estrin's form), 2^n into the exponent
        /// bits. Accurate to about 2 ulp; x is clamped to [-87.3f, 88.0f], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Exp(Vector512<float> x)
        {
            x = Min(Max(x, Vector512.Create(-87.3f)), Vector512.Create(88.0f));
            var magic = Vector512.Create(12582912f);
            Vector512<float> k = Fma(x, Vector512.Create(1.44269504f), magic);
            Vector512<float> n = k - magic;
            Vector512<float> r = Fma(n, Vector512.Create(-0.693359375f), x);
            r = Fma(n, Vector512.Create(2.12194440e-4f), r);
            // 1 + r + r²/2! + … + r⁷/7! in Estrin's form: four pairs, two quads, one sum; three FMAs deep instead of Horner's eight.
            Vector512<float> r2 = r * r;
            Vector512<float> pair0 = r + Vector512<float>.One;
            Vector512<float> pair1 = Fma(r, Vector512.Create(1f / 6), Vector512.Create(0.5f));
            Vector512<float> pair2 = Fma(r, Vector512.Create(1f / 120), Vector512.Create(1f / 24));
            Vector512<float> pair3 = Fma(r, Vector512.Create(1f / 5040), Vector512.Create(1f / 720));
            Vector512<float> quad0 = Fma(pair1, r2, pair0);
            Vector512<float> quad1 = Fma(pair3, r2, pair2);
            Vector512<float> p = Fma(quad1, r2 * r2, quad0);
            Vector512<int> exponent = Vector512.ShiftLeft(k.AsInt32() - magic.AsInt32() + Vector512.Create((int)127), 23);
            return p * exponent.AsSingle();
        }

        /// <summary>
        /// e^x per lane: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by its Taylor polynomial, 2^n into the exponent bits.
        /// Accurate to about 2 ulp; x is clamped to [-708.39, 709.0], so the result is finite and positive.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Exp(Vector512<double> x)
        {
            x = Vector512.Min(Vector512.Max(x, Vector512.Create(-708.39)), Vector512.Create(709.0));
            var magic = Vector512.Create(6755399441055744.0);
            Vector512<double> k = Fma(x, Vector512.Create(1.4426950408889634), magic);
            Vector512<double> n = k - magic;
            Vector512<double> r = Fma(n, Vector512.Create(-0.693147180369123816490), x);
            r = Fma(n, Vector512.Create(-1.90821492927058770002e-10), r);
            Vector512<double> p = Vector512.Create(1.0 / 479001600);
            p = Fma(p, r, Vector512.Create(1.0 / 39916800));
            p = Fma(p, r, Vector512.Create(1.0 / 3628800));
            p = Fma(p, r, Vector512.Create(1.0 / 362880));
            p = Fma(p, r, Vector512.Create(1.0 / 40320));
            p = Fma(p, r, Vector512.Create(1.0 / 5040));
            p = Fma(p, r, Vector512.Create(1.0 / 720));
            p = Fma(p, r, Vector512.Create(1.0 / 120));
            p = Fma(p, r, Vector512.Create(1.0 / 24));
            p = Fma(p, r, Vector512.Create(1.0 / 6));
            p = Fma(p, r, Vector512.Create(1.0 / 2));
            p = Fma(p, r, Vector512.Create(1.0));
            p = Fma(p, r, Vector512.Create(1.0));
            Vector512<long> exponent = Vector512.ShiftLeft(k.AsInt64() - magic.AsInt64() + Vector512.Create((long)1023), 52);
            return p * exponent.AsDouble();
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (float: ln(float.MaxValue) = 88.7228), which the
        /// clamped <see cref="Exp(Vector128{float})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sigmoid(Vector128<float> x)
        {
            Vector128<float> value = Row128(SingleRow.One) / (Row128(SingleRow.One) + Exp(-x));
            return Vector128.AndNot(value, Vector128.LessThan(x, Row128(SingleRow.SigmoidZero)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (double: ln(double.MaxValue) = 709.78), which the
        /// clamped <see cref="Exp(Vector128{double})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Sigmoid(Vector128<double> x)
        {
            Vector128<double> value = Row128(DoubleRow.One) / (Row128(DoubleRow.One) + Exp(-x));
            return Vector128.AndNot(value, Vector128.LessThan(x, Row128(DoubleRow.SigmoidZero)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (float: ln(float.MaxValue) = 88.7228), which the
        /// clamped <see cref="Exp(Vector256{float})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x)
        {
            Vector256<float> value = Row256(SingleRow.One) / (Row256(SingleRow.One) + Exp(-x));
            return Vector256.AndNot(value, Vector256.LessThan(x, Row256(SingleRow.SigmoidZero)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (double: ln(double.MaxValue) = 709.78), which the
        /// clamped <see cref="Exp(Vector256{double})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Sigmoid(Vector256<double> x)
        {
            Vector256<double> value = Row256(DoubleRow.One) / (Row256(DoubleRow.One) + Exp(-x));
            return Vector256.AndNot(value, Vector256.LessThan(x, Row256(DoubleRow.SigmoidZero)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (float: ln(float.MaxValue) = 88.7228), which the
        /// clamped <see cref="Exp(Vector512{float})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> x)
        {
            Vector512<float> value = Vector512<float>.One / (Vector512<float>.One + Exp(-x));
            return Vector512.AndNot(value, Vector512.LessThan(x, Vector512.Create(-88.72283905f)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (double: ln(double.MaxValue) = 709.78), which the
        /// clamped <see cref="Exp(Vector512{double})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Sigmoid(Vector512<double> x)
        {
            Vector512<double> value = Vector512<double>.One / (Vector512<double>.One + Exp(-x));
            return Vector512.AndNot(value, Vector512.LessThan(x, Vector512.Create(-709.782712893384)));
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.5f (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Tanh(Vector128<float> x)
        {
            Vector128<float> ax = Vector128.Abs(x);
            var one = Row128(SingleRow.One);
            Vector128<float> large = one - (Row128(SingleRow.Two) / (Exp(ax + ax) + one));
            large = Vector128.ConditionalSelect(Row128(SingleRow.NegativeZero), x, large);
            Vector128<float> x2 = x * x;
            Vector128<float> q = Row128(SingleRow.TanhQ6);
            q = Fma(q, x2, Row128(SingleRow.TanhQ5));
            q = Fma(q, x2, Row128(SingleRow.TanhQ4));
            q = Fma(q, x2, Row128(SingleRow.TanhQ3));
            q = Fma(q, x2, Row128(SingleRow.TanhQ2));
            q = Fma(q, x2, Row128(SingleRow.TanhQ1));
            Vector128<float> small = Fma(x * x2, q, x);
            return Vector128.ConditionalSelect(Vector128.LessThan(ax, Row128(SingleRow.Half)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.1 (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Tanh(Vector128<double> x)
        {
            Vector128<double> ax = Vector128.Abs(x);
            var one = Row128(DoubleRow.One);
            Vector128<double> large = one - (Row128(DoubleRow.Two) / (Exp(ax + ax) + one));
            large = Vector128.ConditionalSelect(Row128(DoubleRow.NegativeZero), x, large);
            Vector128<double> x2 = x * x;
            Vector128<double> q = Row128(DoubleRow.TanhQ6);
            q = Fma(q, x2, Row128(DoubleRow.TanhQ5));
            q = Fma(q, x2, Row128(DoubleRow.TanhQ4));
            q = Fma(q, x2, Row128(DoubleRow.TanhQ3));
            q = Fma(q, x2, Row128(DoubleRow.TanhQ2));
            q = Fma(q, x2, Row128(DoubleRow.TanhQ1));
            Vector128<double> small = Fma(x * x2, q, x);
            return Vector128.ConditionalSelect(Vector128.LessThan(ax, Row128(DoubleRow.TanhSmall)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.5f (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x)
        {
            Vector256<float> ax = Vector256.Abs(x);
            var one = Row256(SingleRow.One);
            Vector256<float> large = one - (Row256(SingleRow.Two) / (Exp(ax + ax) + one));
            large = Vector256.ConditionalSelect(Row256(SingleRow.NegativeZero), x, large);
            Vector256<float> x2 = x * x;
            Vector256<float> q = Row256(SingleRow.TanhQ6);
            q = Fma(q, x2, Row256(SingleRow.TanhQ5));
            q = Fma(q, x2, Row256(SingleRow.TanhQ4));
            q = Fma(q, x2, Row256(SingleRow.TanhQ3));
            q = Fma(q, x2, Row256(SingleRow.TanhQ2));
            q = Fma(q, x2, Row256(SingleRow.TanhQ1));
            Vector256<float> small = Fma(x * x2, q, x);
            return Vector256.ConditionalSelect(Vector256.LessThan(ax, Row256(SingleRow.Half)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.1 (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Tanh(Vector256<double> x)
        {
            Vector256<double> ax = Vector256.Abs(x);
            var one = Row256(DoubleRow.One);
            Vector256<double> large = one - (Row256(DoubleRow.Two) / (Exp(ax + ax) + one));
            large = Vector256.ConditionalSelect(Row256(DoubleRow.NegativeZero), x, large);
            Vector256<double> x2 = x * x;
            Vector256<double> q = Row256(DoubleRow.TanhQ6);
            q = Fma(q, x2, Row256(DoubleRow.TanhQ5));
            q = Fma(q, x2, Row256(DoubleRow.TanhQ4));
            q = Fma(q, x2, Row256(DoubleRow.TanhQ3));
            q = Fma(q, x2, Row256(DoubleRow.TanhQ2));
            q = Fma(q, x2, Row256(DoubleRow.TanhQ1));
            Vector256<double> small = Fma(x * x2, q, x);
            return Vector256.ConditionalSelect(Vector256.LessThan(ax, Row256(DoubleRow.TanhSmall)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.5f (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x)
        {
            Vector512<float> ax = Vector512.Abs(x);
            var one = Vector512.Create(1f);
            Vector512<float> large = one - (Vector512.Create(2f) / (Exp(ax + ax) + one));
            large = Vector512.ConditionalSelect(Vector512.Create(-0f), x, large);
            Vector512<float> x2 = x * x;
            Vector512<float> q = Vector512.Create(21844f / 6081075);
            q = Fma(q, x2, Vector512.Create(-1382f / 155925));
            q = Fma(q, x2, Vector512.Create(62f / 2835));
            q = Fma(q, x2, Vector512.Create(-17f / 315));
            q = Fma(q, x2, Vector512.Create(2f / 15));
            q = Fma(q, x2, Vector512.Create(-1f / 3));
            Vector512<float> small = Fma(x * x2, q, x);
            return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.5f)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.1 (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<double> Tanh(Vector512<double> x)
        {
            Vector512<double> ax = Vector512.Abs(x);
            var one = Vector512.Create(1.0);
            Vector512<double> large = one - (Vector512.Create(2.0) / (Exp(ax + ax) + one));
            large = Vector512.ConditionalSelect(Vector512.Create(-0.0), x, large);
            Vector512<double> x2 = x * x;
            Vector512<double> q = Vector512.Create(21844.0 / 6081075);
            q = Fma(q, x2, Vector512.Create(-1382.0 / 155925));
            q = Fma(q, x2, Vector512.Create(62.0 / 2835));
            q = Fma(q, x2, Vector512.Create(-17.0 / 315));
            q = Fma(q, x2, Vector512.Create(2.0 / 15));
            q = Fma(q, x2, Vector512.Create(-1.0 / 3));
            Vector512<double> small = Fma(x * x2, q, x);
            return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.1)), small, large);
        }
    }
}
