using System.Numerics;

namespace NetGen
{
    /// <summary>
    /// Whether a decimal text is the value of given IEEE 754 bits: the check a reader makes on every text-form value.
    /// It accepts what <c>float.TryParse</c>/<c>double.TryParse</c> with <c>NumberStyles.Float</c> and the invariant
    /// culture accept on .NET Core 3.0 and later, and decides exactly (rounding to nearest, ties to even) with integer
    /// arithmetic, so the answer does not depend on the host's parser: .NET Framework, which runs the generator inside
    /// Visual Studio, does not round every decimal correctly.
    /// </summary>
    internal static class DecimalCheck
    {
        /// <summary>Significant digits kept; the rest only count as "more than this". 800 is above the 768 any double needs.</summary>
        private const int MaxDigits = 800;

        /// <summary>
        /// True when <paramref name="text"/> parses as a number that rounds to <paramref name="bits"/> (a float's in the
        /// low 32 when <paramref name="valueSize"/> is 4). Any NaN spelling agrees with any NaN payload.
        /// </summary>
        public static bool Agrees(string text, ulong bits, int valueSize)
        {
            bool isDouble = valueSize == 8;
            int fractionBits = isDouble ? 52 : 23;
            int exponentMask = isDouble ? 0x7FF : 0xFF;
            int minExponent = isDouble ? -1074 : -149;
            ulong signBit = 1UL << (isDouble ? 63 : 31);
            ulong magnitude = bits & (signBit - 1);
            ulong infinity = (ulong)exponentMask << fractionBits;
            bool bitsNegative = (bits & signBit) != 0;
            bool bitsNaN = magnitude > infinity;

            if (!TryParseDecimal(text, out bool negative, out BigInteger m, out long e))
            {
                string lower = Trim(text).ToLowerInvariant();
                switch (lower)
                {
                    case "nan":
                    case "+nan":
                    case "-nan":
                        return bitsNaN;
                    case "infinity":
                    case "+infinity":
                        return magnitude == infinity && !bitsNegative;
                    case "-infinity":
                        return magnitude == infinity && bitsNegative;
                    default:
                        return false;
                }
            }

            if (bitsNaN || negative != bitsNegative)
            {
                return false;
            }

            if (m.IsZero)
            {
                return magnitude == 0;
            }

            // Far outside the finite range: the rounding is clear without arithmetic.
            long magnitudeEstimate = m.ToString().Length - 1 + e;
            if (magnitudeEstimate > 400)
            {
                return magnitude == infinity;
            }

            if (magnitudeEstimate < -400)
            {
                return magnitude == 0;
            }

            // Every value is a multiple of 2^minExponent, every midpoint of 2^(minExponent - 1): compare D / 2^scale with
            // integer midpoints K, where D = m·10^e.
            int scale = minExponent - 1;
            BigInteger Midpoint(ulong a, ulong b) => (Value(a) + Value(b)) / 2;
            BigInteger Value(ulong x)
            {
                if (x >= infinity)
                {
                    // The successor of the largest finite value, for the midpoint that decides overflow.
                    return BigInteger.One << ((isDouble ? 1024 : 128) - scale);
                }

                long exponentField = (long)(x >> fractionBits);
                BigInteger fraction = x & ((1UL << fractionBits) - 1);
                return exponentField == 0
                    ? fraction << (minExponent - scale)
                    : (fraction + (BigInteger.One << fractionBits)) << (int)(exponentField - 1 + minExponent - scale);
            }

            int Compare(BigInteger k)
            {
                // Sign of m·10^e·2^-scale − k.
                BigInteger left = m << -scale, right = k;
                if (e >= 0)
                {
                    left *= BigInteger.Pow(10, (int)e);
                }
                else
                {
                    right *= BigInteger.Pow(10, (int)-e);
                }

                return left.CompareTo(right);
            }

            bool even = (magnitude & 1) == 0;
            if (magnitude == infinity)
            {
                int atOverflow = Compare(Midpoint(infinity - 1, infinity));
                return atOverflow > 0 || (atOverflow == 0 && ((infinity - 1) & 1) == 1);
            }

            int below = magnitude == 0 ? 1 : Compare(Midpoint(magnitude - 1, magnitude));
            int above = Compare(Midpoint(magnitude, magnitude + 1));
            return (below > 0 || (below == 0 && even)) && (above < 0 || (above == 0 && even));
        }

        /// <summary>[sign] digits [. digits] [e [sign] digits], with at least one digit before the exponent.</summary>
        private static bool TryParseDecimal(string s, out bool negative, out BigInteger mantissa, out long exponent)
        {
            negative = false;
            mantissa = BigInteger.Zero;
            exponent = 0;
            int i = 0;
            while (i < s.Length && IsWhite(s[i]))
            {
                i++;
            }

            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                negative = s[i] == '-';
                i++;
            }

            var digits = new System.Text.StringBuilder();
            bool anyDigit = false, sticky = false;
            long fractionDigits = 0, droppedIntegerDigits = 0;
            bool seenPoint = false;
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c >= '0' && c <= '9')
                {
                    anyDigit = true;
                    if (digits.Length == 0 && c == '0')
                    {
                        // A leading zero adds nothing (but still shifts the fraction).
                    }
                    else if (digits.Length < MaxDigits)
                    {
                        digits.Append(c);
                    }
                    else
                    {
                        sticky |= c != '0';
                        if (!seenPoint)
                        {
                            droppedIntegerDigits++;
                        }

                        continue;
                    }

                    if (seenPoint)
                    {
                        fractionDigits++;
                    }
                }
                else if (c == '.' && !seenPoint)
                {
                    seenPoint = true;
                }
                else
                {
                    break;
                }
            }

            if (!anyDigit)
            {
                return false;
            }

            long written = 0;
            if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
            {
                // An exponent needs a digit; without one the 'e' is not part of the number (and then fails below).
                int j = i + 1;
                bool negativeExponent = false;
                if (j < s.Length && (s[j] == '+' || s[j] == '-'))
                {
                    negativeExponent = s[j] == '-';
                    j++;
                }

                if (j < s.Length && s[j] >= '0' && s[j] <= '9')
                {
                    for (i = j; i < s.Length && s[i] >= '0' && s[i] <= '9'; i++)
                    {
                        written = written > 100_000_000 ? written : (written * 10) + (s[i] - '0');
                    }

                    written = negativeExponent ? -written : written;
                }
            }

            // Then trailing white space, then nothing but NUL characters (which .NET's parser also ignores).
            while (i < s.Length && IsWhite(s[i]))
            {
                i++;
            }

            for (; i < s.Length; i++)
            {
                if (s[i] != '\0')
                {
                    return false;
                }
            }

            if (sticky)
            {
                // Digits beyond MaxDigits only say "a little more than the kept digits".
                digits.Append('1');
                fractionDigits++;
            }

            mantissa = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture);
            exponent = written - fractionDigits + droppedIntegerDigits;
            return true;
        }

        /// <summary>NumberStyles.AllowLeadingWhite and AllowTrailingWhite: U+0009 to U+000D and the space.</summary>
        private static string Trim(string text)
        {
            int start = 0, end = text.Length;
            while (start < end && IsWhite(text[start]))
            {
                start++;
            }

            while (end > start && IsWhite(text[end - 1]))
            {
                end--;
            }

            return text.Substring(start, end - start);
        }

        private static bool IsWhite(char c) => c == ' ' || (c >= '\t' && c <= '\r');
    }
}
