using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Xunit.Abstractions;
using static NetGen.Tests.Weights.WeightsTestHelpers;

namespace NetGen.Tests.Weights;

/// <summary>
/// Damaged files, many of them: every variant of a valid file (bits flipped, bytes changed, inserted, deleted,
/// duplicated, lines swapped, the file cut short; never the valid file itself) is either rejected with a <see cref="WeightsFormatException"/> that leaves the
/// parameters alone, or loads exactly the original parameters. Deterministic: fixed seeds.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Variants = 1500;

    [Theory]
    [InlineData(WeightsFormat.Binary, 101)]
    [InlineData(WeightsFormat.Text, 102)]
    public void Load_DamagedFloatFile_RejectedOrExactlyOriginal(WeightsFormat format, int seed)
    {
        var source = new WeightsSquareNet();
        source.Initialize(seed);
        Dictionary<string, int> outcomes = Fuzz(source, new WeightsSquareNet(), format, seed);

        AssertCoverage(outcomes, format);
    }

    [Theory]
    [InlineData(WeightsFormat.Binary, 201)]
    [InlineData(WeightsFormat.Text, 202)]
    public void Load_DamagedDoubleFile_RejectedOrExactlyOriginal(WeightsFormat format, int seed)
    {
        var source = new WeightsDoubleNet();
        FillAwkward(source.Parameters, seed);
        Dictionary<string, int> outcomes = Fuzz(source, new WeightsDoubleNet(), format, seed);

        AssertCoverage(outcomes, format);
    }

    private Dictionary<string, int> Fuzz<T>(INetwork<T> source, INetwork<T> target, WeightsFormat format, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] file = Encode(source, format);
        byte[] original = Bits(source);
        target.Initialize(seed + 1);
        byte[] before = Bits(target);
        Assert.NotEqual(original, before);

        // Half the damage goes to the header, which is small but holds the fields every check depends on.
        int headerZone = format == WeightsFormat.Binary
            ? 64
            : Encoding.ASCII.GetString(file).IndexOf("\nweights 1 ", StringComparison.Ordinal) + 40;
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Variants; i++)
        {
            byte[] variant;
            string damage;
            do
            {
                variant = Mutate(file, random, headerZone, out damage);
            }
            while (variant.AsSpan().SequenceEqual(file));

            before.CopyTo(MemoryMarshal.AsBytes(target.Parameters));
            string outcome;
            try
            {
                target.Load(new MemoryStream(variant), "fuzz.weights");
                Assert.True(original.AsSpan().SequenceEqual(Bits(target)), $"variant {i} ({damage}) loaded different parameters");
                outcome = "loaded the original";
            }
            catch (WeightsFormatException e)
            {
                Assert.True(before.AsSpan().SequenceEqual(Bits(target)), $"variant {i} ({damage}) changed the parameters before failing");
                Assert.StartsWith("Cannot load weights from 'fuzz.weights' into ", e.Message, StringComparison.Ordinal);
                outcome = e.Problem.ToString();
            }
            catch (Exception e)
            {
                Assert.Fail($"variant {i} ({damage}) threw {e.GetType().Name} instead of WeightsFormatException: {e}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{typeof(T).Name} {format}, {file.Length} bytes, {Variants} variants: " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
        Assert.Equal(Variants, outcomes.Values.Sum());
        return outcomes;
    }

    private static void AssertCoverage(Dictionary<string, int> outcomes, WeightsFormat format)
    {
        // The fuzzer must reach the checks, not only bounce off the first one.
        string[] expected = format == WeightsFormat.Binary
            ? ["Truncated", "ChecksumMismatch", "TrailingData", "NotWeightsFile"]
            : ["Truncated", "ChecksumMismatch", "Malformed", "NotWeightsFile"];
        foreach (string problem in expected)
        {
            Assert.True(outcomes.GetValueOrDefault(problem) > 0, $"no variant was rejected as {problem}");
        }
    }

    private static byte[] Mutate(byte[] file, Random random, int headerZone, out string damage)
    {
        List<byte> v = [.. file];
        int Position() => random.Next(2) == 0 ? random.Next(Math.Min(headerZone, v.Count)) : random.Next(v.Count);
        int kind = random.Next(9);
        switch (kind)
        {
            case 0:
            {
                int p = Position(), bit = random.Next(8);
                v[p] ^= (byte)(1 << bit);
                damage = $"bit {bit} of byte {p} flipped";
                break;
            }

            case 1:
            {
                int p = Position();
                v[p] = (byte)random.Next(256);
                damage = $"byte {p} set to {v[p]}";
                break;
            }

            case 2:
            {
                int flips = random.Next(2, 9);
                for (int k = 0; k < flips; k++)
                {
                    v[Position()] ^= (byte)(1 << random.Next(8));
                }

                damage = $"{flips} bits flipped";
                break;
            }

            case 3:
            {
                int length = random.Next(2) == 0 ? random.Next(v.Count) : v.Count - random.Next(1, 9);
                v.RemoveRange(length, v.Count - length);
                damage = $"cut to {length} bytes";
                break;
            }

            case 4:
            {
                int p = Position(), count = Math.Min(random.Next(1, 17), v.Count - p);
                v.RemoveRange(p, count);
                damage = $"{count} bytes removed at {p}";
                break;
            }

            case 5:
            {
                int p = Position(), count = random.Next(1, 17);
                v.InsertRange(p, Enumerable.Range(0, count).Select(_ => (byte)random.Next(256)));
                damage = $"{count} random bytes inserted at {p}";
                break;
            }

            case 6:
            {
                int from = random.Next(v.Count), count = Math.Min(random.Next(1, 65), v.Count - from), to = Position();
                v.InsertRange(to, v.GetRange(from, count));
                damage = $"{count} bytes from {from} duplicated at {to}";
                break;
            }

            case 7:
            {
                // A digit changed into another digit: for the text form, a line that still parses.
                int p = Position();
                for (int k = 0; k < 64 && !char.IsAsciiDigit((char)v[p]); k++)
                {
                    p = Position();
                }

                v[p] = (byte)('0' + ((v[p] - '0' + random.Next(1, 10)) % 10));
                damage = $"digit at {p} changed";
                break;
            }

            default:
            {
                // Two lines swapped (for the binary form, two arbitrary runs of bytes ending in 0x0A).
                List<int> ends = [.. v.Select((b, k) => (b, k)).Where(x => x.b == (byte)'\n').Select(x => x.k)];
                if (ends.Count < 3)
                {
                    v.Reverse(Position(), 2);
                    damage = "two bytes swapped";
                    break;
                }

                int a = random.Next(1, ends.Count - 1), b = random.Next(1, ends.Count - 2);
                (a, b) = b >= a ? (a, b + 1) : (b, a);
                List<byte> lineA = v.GetRange(ends[a - 1] + 1, ends[a] - ends[a - 1]);
                List<byte> lineB = v.GetRange(ends[b - 1] + 1, ends[b] - ends[b - 1]);
                v.RemoveRange(ends[b - 1] + 1, lineB.Count);
                v.InsertRange(ends[b - 1] + 1, lineA);
                v.RemoveRange(ends[a - 1] + 1, lineA.Count);
                v.InsertRange(ends[a - 1] + 1, lineB);
                damage = $"lines {a + 1} and {b + 1} swapped";
                break;
            }
        }

        return [.. v];
    }
}
