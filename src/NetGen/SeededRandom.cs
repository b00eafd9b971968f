using System;
using System.Runtime.CompilerServices;

namespace NetGen
{
    /// <summary>
    /// A small, fast pseudo-random generator (SplitMix64) whose sequence is fixed by its seed on every platform and
    /// .NET version, unlike <see cref="System.Random"/>, whose seeded sequence is not part of its contract. NetGen uses
    /// it for initialisation and shuffling so that the same seed gives bit-identical results everywhere.
    /// </summary>
    public struct SeededRandom
    {
        private ulong _state;
        private double _spareNormal;
        private bool _hasSpare;

        /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
        public SeededRandom(long seed)
        {
            _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
            _spareNormal = 0;
            _hasSpare = false;
        }

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            unchecked
            {
                ulong z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
        public int NextInt(int maxExclusive)
        {
            if (maxExclusive <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The bound must be positive.");
            }

            // Lemire's multiply-shift on 32 random bits, rejecting the 2^32 mod bound low products that would
            // make some results more likely than others.
            ulong bound = (ulong)maxExclusive;
            ulong threshold = (0x1_0000_0000UL - bound) % bound;
            while (true)
            {
                ulong r = NextUInt64() >> 32;
                ulong m = r * bound;
                if ((m & 0xFFFFFFFFUL) >= threshold)
                {
                    return (int)(m >> 32);
                }
            }
        }

        /// <summary>A standard normal deviate (Box–Muller, polar form avoided for a fixed number of draws per pair).</summary>
        public double NextNormal()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spareNormal;
            }

            double u1 = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
            double u2 = NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            _spareNormal = r * Math.Sin(theta);
            _hasSpare = true;
            return r * Math.Cos(theta);
        }

        /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Shuffle<TItem>(Span<TItem> items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = NextInt(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
