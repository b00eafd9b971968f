using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace NetGen.Tests.Weights;

/// <summary>
/// The format core's decimal check decides with integers, so that the generator on .NET Framework agrees with the
/// runtime. Here it is compared with .NET 10's own parser (correctly rounded since .NET Core 3.0) on strings built to sit
/// on and next to rounding boundaries, odd spellings, extremes and garbage.
/// </summary>
public sealed class DecimalCheckTests
{
    [Fact]
    public void Agrees_MatchesDotNetParser_Single() => Check(4, 11);

    [Fact]
    public void Agrees_MatchesDotNetParser_Double() => Check(8, 12);

    private static void Check(int size, int seed)
    {
        var random = new Random(seed);
        int checkedCount = 0;
        foreach (string text in Candidates(size, random))
        {
            ulong? parsed = Parse(text, size);
            var bitsToTry = new List<ulong> { (ulong)random.NextInt64() & Mask(size) };
            if (parsed is { } p)
            {
                bitsToTry.Add(p);
                bitsToTry.Add((p + 1) & Mask(size));
                bitsToTry.Add((p - 1) & Mask(size));
                bitsToTry.Add(p ^ SignBit(size));
            }

            foreach (ulong bits in bitsToTry)
            {
                bool expected = parsed is { } q && (q == bits || (IsNaN(q, size) && IsNaN(bits, size)));
                Assert.True(expected == DecimalCheck.Agrees(text, bits, size), $"'{text}' vs 0x{bits:X}: expected {expected}");
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 20_000, checkedCount.ToString(CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> Candidates(int size, Random random)
    {
        string[] fixedOnes =
        {
            "0", "-0", "+0", "0.0", ".0", "0.", ".", "", " ", "+", "-", "e1", "1e", "1e+", "1e-", "1E5", "1e+05", "1e-05", " 1 ", "1\0", "1\0\0", "1 \0", "1\0 ",
            "\v1\f", "NaN", "nan", "-NaN", "+nan", "NaN\0", "Infinity", "-Infinity", "+Infinity", "infinity", "INFINITY", "-inf", "inf", "1e999", "-1e999",
            "1e-999", "-1e-999", "1e99999999999999", "1e-99999999999999", "0e99999999999", "1.5.5", "1e5.5", "--1", "+-1", "0x10", "1_0", "1,5", "١",
            "3.4028235E+38", "3.4028236E+38", "3.40282357E+38", "3.4028234664e38", "3.4028235677973366e38", "1.401298464324817E-45", "7.006492321624085E-46",
            "7.0064923216240854E-46", "1.7976931348623157E+308", "1.7976931348623158E+308", "1.797693134862315807e308", "4.9406564584124654E-324",
            "2.4703282292062327E-324", "2.4703282292062328E-324", "2.2250738585072011e-308", "00000000000000000000000001", new string('9', 1000), "0." + new string('0', 2000) + "1",
        };
        foreach (string s in fixedOnes)
        {
            yield return s;
        }

        for (int i = 0; i < 4000; i++)
        {
            ulong bits = (ulong)random.NextInt64() & Mask(size);
            if (random.Next(4) == 0)
            {
                bits &= size == 8 ? 0x800FFFFFFFFFFFFFUL : 0x807FFFFFUL; // subnormals
            }

            double value = size == 8 ? BitConverter.UInt64BitsToDouble(bits) : BitConverter.UInt32BitsToSingle((uint)bits);
            double next = size == 8 ? Math.BitIncrement(value) : MathF.BitIncrement((float)value);
            yield return size == 8 ? value.ToString("R", CultureInfo.InvariantCulture) : ((float)value).ToString("R", CultureInfo.InvariantCulture);
            yield return value.ToString("E16", CultureInfo.InvariantCulture);
            yield return value.ToString("G9", CultureInfo.InvariantCulture);

            // The exact midpoint to the next value, and a hair either side of it: where ties-to-even decides.
            if (double.IsFinite(value) && double.IsFinite(next))
            {
                string midpoint = ExactDecimal(value, next);
                yield return midpoint;
                yield return midpoint + "1";
                yield return Decrement(midpoint);
            }

            string digits = random.NextInt64().ToString(CultureInfo.InvariantCulture);
            yield return digits[..Math.Max(1, random.Next(digits.Length))] + "." + digits[random.Next(digits.Length)..] + "e" + random.Next(-330, 330).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>(a + b) / 2 as its exact decimal expansion (both are floats or doubles, so it is a finite binary fraction).</summary>
    private static string ExactDecimal(double a, double b)
    {
        // With k = v / 2^-1076 (an integer for every double), the midpoint is (ka + kb)·2^-1077.
        BigInteger Scaled(double v)
        {
            long bits = BitConverter.DoubleToInt64Bits(Math.Abs(v));
            int exponent = (int)((bits >> 52) & 0x7FF);
            long fraction = bits & 0xFFFFFFFFFFFFFL;
            BigInteger m = exponent == 0 ? fraction : fraction | (1L << 52);
            BigInteger k = m << Math.Max(exponent - 1, 0) + 1;
            return v < 0 || (v == 0 && double.IsNegative(v)) ? -k : k;
        }

        BigInteger sum = Scaled(a) + Scaled(b);
        bool negative = sum.Sign < 0 || (sum.IsZero && double.IsNegative(a));
        // sum · 2^-1077 = sum · 5^1077 / 10^1077.
        string digits = BigInteger.Abs(sum * BigInteger.Pow(5, 1077)).ToString(CultureInfo.InvariantCulture).PadLeft(1078, '0');
        string text = digits[..^1077] + "." + digits[^1077..].TrimEnd('0');
        return (negative ? "-" : string.Empty) + text.TrimEnd('.');
    }

    /// <summary>The decimal just below (in the last digit position, appending digits when the last is 0).</summary>
    private static string Decrement(string exact)
    {
        string digitsOnly = exact.TrimStart('-');
        int point = digitsOnly.IndexOf('.');
        return point < 0 ? exact : exact[..^1] + (exact[^1] == '0' ? "0" : ((char)(exact[^1] - 1)).ToString()) + "999999999";
    }

    private static ulong? Parse(string text, int size)
    {
        if (size == 8)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? BitConverter.DoubleToUInt64Bits(d) : null;
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) ? BitConverter.SingleToUInt32Bits(f) : null;
    }

    private static ulong Mask(int size) => size == 8 ? ulong.MaxValue : uint.MaxValue;

    private static ulong SignBit(int size) => size == 8 ? 1UL << 63 : 1UL << 31;

    private static bool IsNaN(ulong bits, int size) =>
        size == 8 ? double.IsNaN(BitConverter.UInt64BitsToDouble(bits)) : float.IsNaN(BitConverter.UInt32BitsToSingle((uint)bits));
}
