using System;

namespace NetGen.Samples.Digits
{
    /// <summary>
    /// Draws digits the way optdigits was made, so that the sample runs without the real files: a digit's strokes
    /// (seven-segment shapes with a diagonal for 1 and 7) are drawn with a random size, slant, position, thickness
    /// and endpoint jitter on a 32x32 bitmap, a few pixels are flipped, and each 4x4 block's inked pixels are counted
    /// into an 8x8 grid of 0 to 16.
    /// </summary>
    public static class SyntheticDigits
    {
        private const int Canvas = 32;
        private const int Block = Canvas / 8;

        // Stroke endpoints in glyph coordinates: u from left (0) to right (1), v from top (0) to bottom (1).
        private static readonly (double U0, double V0, double U1, double V1)[][] Strokes =
        {
            /* 0 */ new[] { Top, UpperRight, LowerRight, Bottom, LowerLeft, UpperLeft },
            /* 1 */ new[] { (0.55, 0.0, 0.55, 1.0), (0.25, 0.25, 0.55, 0.0) },
            /* 2 */ new[] { Top, UpperRight, Middle, LowerLeft, Bottom },
            /* 3 */ new[] { Top, UpperRight, Middle, LowerRight, Bottom },
            /* 4 */ new[] { UpperLeft, Middle, UpperRight, LowerRight },
            /* 5 */ new[] { Top, UpperLeft, Middle, LowerRight, Bottom },
            /* 6 */ new[] { Top, UpperLeft, Middle, LowerLeft, LowerRight, Bottom },
            /* 7 */ new[] { Top, (1.0, 0.0, 0.35, 1.0) },
            /* 8 */ new[] { Top, UpperRight, LowerRight, Bottom, LowerLeft, UpperLeft, Middle },
            /* 9 */ new[] { Top, UpperRight, LowerRight, Bottom, UpperLeft, Middle },
        };

        private static (double, double, double, double) Top => (0, 0, 1, 0);

        private static (double, double, double, double) Middle => (0, 0.5, 1, 0.5);

        private static (double, double, double, double) Bottom => (0, 1, 1, 1);

        private static (double, double, double, double) UpperLeft => (0, 0, 0, 0.5);

        private static (double, double, double, double) LowerLeft => (0, 0.5, 0, 1);

        private static (double, double, double, double) UpperRight => (1, 0, 1, 0.5);

        private static (double, double, double, double) LowerRight => (1, 0.5, 1, 1);

        /// <summary>Draws <paramref name="count"/> digits, the classes in turn (0, 1, …, 9, 0, …), from <paramref name="random"/>.</summary>
        public static DigitSet Generate(int count, ref SeededRandom random)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
            var counts = new byte[count * DigitSet.Pixels];
            var labels = new int[count];
            var bitmap = new bool[Canvas * Canvas];
            for (int i = 0; i < count; i++)
            {
                int digit = i % 10;
                labels[i] = digit;
                Draw(digit, bitmap, ref random);
                Count(bitmap, counts.AsSpan(i * DigitSet.Pixels, DigitSet.Pixels));
            }

            return new DigitSet(counts, labels);
        }

        private static void Draw(int digit, bool[] bitmap, ref SeededRandom random)
        {
            Array.Clear(bitmap);
            double width = Uniform(ref random, 10, 22);
            double height = Uniform(ref random, 20, 30);
            double slant = Uniform(ref random, -0.35, 0.35);
            double left = (Canvas / 2.0) - (width / 2) + Uniform(ref random, -3, 3);
            double top = (Canvas / 2.0) - (height / 2) + Uniform(ref random, -2, 2);
            double radius = Uniform(ref random, 0.9, 2.6);

            foreach ((double u0, double v0, double u1, double v1) in Strokes[digit])
            {
                (double x0, double y0) = Place(u0, v0, ref random);
                (double x1, double y1) = Place(u1, v1, ref random);
                int steps = (int)Math.Ceiling(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) * 2) + 1;
                for (int s = 0; s <= steps; s++)
                {
                    double t = s / (double)steps;
                    Stamp(bitmap, x0 + ((x1 - x0) * t), y0 + ((y1 - y0) * t), radius);
                }
            }

            // Speckle: flip about 2 % of the pixels.
            for (int p = 0; p < bitmap.Length; p++)
            {
                if (random.NextDouble() < 0.02)
                {
                    bitmap[p] = !bitmap[p];
                }
            }

            (double X, double Y) Place(double u, double v, ref SeededRandom random) =>
                (left + (u * width) + (slant * (0.5 - v) * height) + Uniform(ref random, -2, 2),
                 top + (v * height) + Uniform(ref random, -2, 2));
        }

        private static void Stamp(bool[] bitmap, double cx, double cy, double radius)
        {
            int x0 = Math.Max(0, (int)Math.Floor(cx - radius)), x1 = Math.Min(Canvas - 1, (int)Math.Ceiling(cx + radius));
            int y0 = Math.Max(0, (int)Math.Floor(cy - radius)), y1 = Math.Min(Canvas - 1, (int)Math.Ceiling(cy + radius));
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                    if ((dx * dx) + (dy * dy) <= radius * radius)
                    {
                        bitmap[(y * Canvas) + x] = true;
                    }
                }
            }
        }

        /// <summary>The number of inked pixels in each 4x4 block, row by row.</summary>
        private static void Count(bool[] bitmap, Span<byte> counts)
        {
            for (int by = 0; by < 8; by++)
            {
                for (int bx = 0; bx < 8; bx++)
                {
                    int n = 0;
                    for (int y = by * Block; y < (by + 1) * Block; y++)
                    {
                        for (int x = bx * Block; x < (bx + 1) * Block; x++)
                        {
                            n += bitmap[(y * Canvas) + x] ? 1 : 0;
                        }
                    }

                    counts[(by * 8) + bx] = (byte)n;
                }
            }
        }

        private static double Uniform(ref SeededRandom random, double low, double high) => low + ((high - low) * random.NextDouble());
    }
}
