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
            x = Min(Max(x, Vector128.Create(-87.3f)), Vector128.Create(88.0f));
            var magic = Vector128.Create(12582912f);
            Vector128<float> k = Fma(x, Vector128.Create(1.44269504f), magic);
            Vector128<float> n = k - magic;
            Vector128<float> r = Fma(n, Vector128.Create(-0.693359375f), x);
            r = Fma(n, Vector128.Create(2.12194440e-4f), r);
            // 1 + r + r²/2! + … + r⁷/7! in Estrin's form: four pairs, two quads, one sum; three FMAs deep instead of Horner's eight.
            Vector128<float> r2 = r * r;
            Vector128<float> pair0 = r + Vector128<float>.One;
            Vector128<float> pair1 = Fma(r, Vector128.Create(1f / 6), Vector128.Create(0.5f));
            Vector128<float> pair2 = Fma(r, Vector128.Create(1f / 120), Vector128.Create(1f / 24));
            Vector128<float> pair3 = Fma(r, Vector128.Create(1f / 5040), Vector128.Create(1f / 720));
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
            x = Vector128.Min(Vector128.Max(x, Vector128.Create(-708.39)), Vector128.Create(709.0));
            var magic = Vector128.Create(6755399441055744.0);
            Vector128<double> k = Fma(x, Vector128.Create(1.4426950408889634), magic);
            Vector128<double> n = k - magic;
            Vector128<double> r = Fma(n, Vector128.Create(-0.693147180369123816490), x);
            r = Fma(n, Vector128.Create(-1.90821492927058770002e-10), r);
            Vector128<double> p = Vector128.Create(1.0 / 479001600);
            p = Fma(p, r, Vector128.Create(1.0 / 39916800));
            p = Fma(p, r, Vector128.Create(1.0 / 3628800));
            p = Fma(p, r, Vector128.Create(1.0 / 362880));
            p = Fma(p, r, Vector128.Create(1.0 / 40320));
            p = Fma(p, r, Vector128.Create(1.0 / 5040));
            p = Fma(p, r, Vector128.Create(1.0 / 720));
            p = Fma(p, r, Vector128.Create(1.0 / 120));
            p = Fma(p, r, Vector128.Create(1.0 / 24));
            p = Fma(p, r, Vector128.Create(1.0 / 6));
            p = Fma(p, r, Vector128.Create(1.0 / 2));
            p = Fma(p, r, Vector128.Create(1.0));
            p = Fma(p, r, Vector128.Create(1.0));
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
            x = Min(Max(x, Vector256.Create(-87.3f)), Vector256.Create(88.0f));
            var magic = Vector256.Create(12582912f);
            Vector256<float> k = Fma(x, Vector256.Create(1.44269504f), magic);
            Vector256<float> n = k - magic;
            Vector256<float> r = Fma(n, Vector256.Create(-0.693359375f), x);
            r = Fma(n, Vector256.Create(2.12194440e-4f), r);
            // 1 + r + r²/2! + … + r⁷/7! in Estrin's form: four pairs, two quads, one sum; three FMAs deep instead of Horner's eight.
            Vector256<float> r2 = r * r;
            Vector256<float> pair0 = r + Vector256<float>.One;
            Vector256<float> pair1 = Fma(r, Vector256.Create(1f / 6), Vector256.Create(0.5f));
            Vector256<float> pair2 = Fma(r, Vector256.Create(1f / 120), Vector256.Create(1f / 24));
            Vector256<float> pair3 = Fma(r, Vector256.Create(1f / 5040), Vector256.Create(1f / 720));
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
            x = Vector256.Min(Vector256.Max(x, Vector256.Create(-708.39)), Vector256.Create(709.0));
            var magic = Vector256.Create(6755399441055744.0);
            Vector256<double> k = Fma(x, Vector256.Create(1.4426950408889634), magic);
            Vector256<double> n = k - magic;
            Vector256<double> r = Fma(n, Vector256.Create(-0.693147180369123816490), x);
            r = Fma(n, Vector256.Create(-1.90821492927058770002e-10), r);
            Vector256<double> p = Vector256.Create(1.0 / 479001600);
            p = Fma(p, r, Vector256.Create(1.0 / 39916800));
            p = Fma(p, r, Vector256.Create(1.0 / 3628800));
            p = Fma(p, r, Vector256.Create(1.0 / 362880));
            p = Fma(p, r, Vector256.Create(1.0 / 40320));
            p = Fma(p, r, Vector256.Create(1.0 / 5040));
            p = Fma(p, r, Vector256.Create(1.0 / 720));
            p = Fma(p, r, Vector256.Create(1.0 / 120));
            p = Fma(p, r, Vector256.Create(1.0 / 24));
            p = Fma(p, r, Vector256.Create(1.0 / 6));
            p = Fma(p, r, Vector256.Create(1.0 / 2));
            p = Fma(p, r, Vector256.Create(1.0));
            p = Fma(p, r, Vector256.Create(1.0));
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
            Vector128<float> value = Vector128<float>.One / (Vector128<float>.One + Exp(-x));
            return Vector128.AndNot(value, Vector128.LessThan(x, Vector128.Create(-88.72283905f)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (double: ln(double.MaxValue) = 709.78), which the
        /// clamped <see cref="Exp(Vector128{double})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Sigmoid(Vector128<double> x)
        {
            Vector128<double> value = Vector128<double>.One / (Vector128<double>.One + Exp(-x));
            return Vector128.AndNot(value, Vector128.LessThan(x, Vector128.Create(-709.782712893384)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (float: ln(float.MaxValue) = 88.7228), which the
        /// clamped <see cref="Exp(Vector256{float})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x)
        {
            Vector256<float> value = Vector256<float>.One / (Vector256<float>.One + Exp(-x));
            return Vector256.AndNot(value, Vector256.LessThan(x, Vector256.Create(-88.72283905f)));
        }

        /// <summary>
        /// 1 / (1 + e^−x) per lane, and exactly 0 where the scalar formula's e^−x overflows to ∞ (double: ln(double.MaxValue) = 709.78), which the
        /// clamped <see cref="Exp(Vector256{double})"/> alone would turn into a tiny positive number instead.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Sigmoid(Vector256<double> x)
        {
            Vector256<double> value = Vector256<double>.One / (Vector256<double>.One + Exp(-x));
            return Vector256.AndNot(value, Vector256.LessThan(x, Vector256.Create(-709.782712893384)));
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
            var one = Vector128.Create(1f);
            Vector128<float> large = one - (Vector128.Create(2f) / (Exp(ax + ax) + one));
            large = Vector128.ConditionalSelect(Vector128.Create(-0f), x, large);
            Vector128<float> x2 = x * x;
            Vector128<float> q = Vector128.Create(21844f / 6081075);
            q = Fma(q, x2, Vector128.Create(-1382f / 155925));
            q = Fma(q, x2, Vector128.Create(62f / 2835));
            q = Fma(q, x2, Vector128.Create(-17f / 315));
            q = Fma(q, x2, Vector128.Create(2f / 15));
            q = Fma(q, x2, Vector128.Create(-1f / 3));
            Vector128<float> small = Fma(x * x2, q, x);
            return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(0.5f)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.1 (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<double> Tanh(Vector128<double> x)
        {
            Vector128<double> ax = Vector128.Abs(x);
            var one = Vector128.Create(1.0);
            Vector128<double> large = one - (Vector128.Create(2.0) / (Exp(ax + ax) + one));
            large = Vector128.ConditionalSelect(Vector128.Create(-0.0), x, large);
            Vector128<double> x2 = x * x;
            Vector128<double> q = Vector128.Create(21844.0 / 6081075);
            q = Fma(q, x2, Vector128.Create(-1382.0 / 155925));
            q = Fma(q, x2, Vector128.Create(62.0 / 2835));
            q = Fma(q, x2, Vector128.Create(-17.0 / 315));
            q = Fma(q, x2, Vector128.Create(2.0 / 15));
            q = Fma(q, x2, Vector128.Create(-1.0 / 3));
            Vector128<double> small = Fma(x * x2, q, x);
            return Vector128.ConditionalSelect(Vector128.LessThan(ax, Vector128.Create(0.1)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.5f (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x)
        {
            Vector256<float> ax = Vector256.Abs(x);
            var one = Vector256.Create(1f);
            Vector256<float> large = one - (Vector256.Create(2f) / (Exp(ax + ax) + one));
            large = Vector256.ConditionalSelect(Vector256.Create(-0f), x, large);
            Vector256<float> x2 = x * x;
            Vector256<float> q = Vector256.Create(21844f / 6081075);
            q = Fma(q, x2, Vector256.Create(-1382f / 155925));
            q = Fma(q, x2, Vector256.Create(62f / 2835));
            q = Fma(q, x2, Vector256.Create(-17f / 315));
            q = Fma(q, x2, Vector256.Create(2f / 15));
            q = Fma(q, x2, Vector256.Create(-1f / 3));
            Vector256<float> small = Fma(x * x2, q, x);
            return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.5f)), small, large);
        }

        /// <summary>
        /// tanh per lane: its Taylor series to x¹³ below |x| = 0.1 (where 1 − 2/(e^2|x| + 1) would cancel), that formula
        /// with the sign of x above. Accurate to about 1e-7 relative in float and 1e-15 in double.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<double> Tanh(Vector256<double> x)
        {
            Vector256<double> ax = Vector256.Abs(x);
            var one = Vector256.Create(1.0);
            Vector256<double> large = one - (Vector256.Create(2.0) / (Exp(ax + ax) + one));
            large = Vector256.ConditionalSelect(Vector256.Create(-0.0), x, large);
            Vector256<double> x2 = x * x;
            Vector256<double> q = Vector256.Create(21844.0 / 6081075);
            q = Fma(q, x2, Vector256.Create(-1382.0 / 155925));
            q = Fma(q, x2, Vector256.Create(62.0 / 2835));
            q = Fma(q, x2, Vector256.Create(-17.0 / 315));
            q = Fma(q, x2, Vector256.Create(2.0 / 15));
            q = Fma(q, x2, Vector256.Create(-1.0 / 3));
            Vector256<double> small = Fma(x * x2, q, x);
            return Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.1)), small, large);
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
