extern alias gen;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;
using NetGen.Tests.Embedded;
using NetGen.Tests.Infrastructure;
using GenSpec = gen::NetGen.Generator.Model.NetworkSpec;

namespace NetGen.Tests.Weights;

/// <summary>
/// Build time and run time read weights files with one reader (src/NetGen/Format). This checks it from the outside:
/// thousands of mutated text files, each given to the generator as the [EmbeddedWeights] additional file (the driver's
/// Embed step says what it embedded or which NG error it hit) and to <c>Load</c> on the runtime twin of the same
/// declaration. Both must accept or both reject (a topology or precision mismatch on both sides, or another problem on
/// both sides), and when they accept they must hold the same bits.
/// </summary>
public sealed class WeightsDifferentialTests
{
    private const int PerKind = 300;

    private readonly ITestOutputHelper _output;

    public WeightsDifferentialTests(ITestOutputHelper output) => _output = output;

    private enum Kind
    {
        BitFlip,
        EditedDecimal,
        Truncation,
        InsertedLine,
        DeletedLine,
        NonAscii,
        OtherVersion,
        LineStructure,
    }

    [Fact]
    public void MutatedFiles_SingleNetwork_SameVerdictAndBitsAtBuildAndRunTime()
    {
        var net = new EmbedSquareNet();
        Fill<float>(net.Parameters, 3, i => (float)i);
        Run(net, "EmbedSquareNet", """
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(1)]
            [NetGen.Dense(16, NetGen.Activation.LeakyReLU, Alpha = 0.05f)]
            [NetGen.Dense(1)]
            [NetGen.EmbeddedWeights("net.weights.txt")]
            public partial class EmbedSquareNet;
            """, seed: 1);
    }

    [Fact]
    public void MutatedFiles_DoubleNetworkWithoutBiasLayer_SameVerdictAndBitsAtBuildAndRunTime()
    {
        var net = new WeightsDoubleNet();
        Fill<double>(net.Parameters, 4, i => i);
        Run(net, "WeightsDoubleNet", """
            #pragma warning disable NG1009
            [NetGen.Network(NetGen.Loss.CrossEntropy, Precision = NetGen.Precision.Double)]
            [NetGen.Input(4)]
            [NetGen.Dense(8, NetGen.Activation.Tanh)]
            [NetGen.Dense(5, NetGen.Activation.ReLU, Bias = false)]
            [NetGen.Dense(3, NetGen.Activation.Softmax)]
            [NetGen.EmbeddedWeights("net.weights.txt")]
            public partial class WeightsDoubleNet;
            """, seed: 2);
    }

    private void Run<T>(INetwork<T> net, string name, string declaration, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] original = NetworkWeights.Encode(net, WeightsFormat.Text);
        var random = new Random(seed);
        var build = new BuildSide(declaration, original);
        var tally = new Dictionary<(Kind, string), int>();

        // The unmutated file first: both sides must accept it, with the network's own bits.
        Compare(Kind.LineStructure, original);
        foreach (Kind kind in Enum.GetValues<Kind>())
        {
            for (int i = 0; i < PerKind; i++)
            {
                Compare(kind, Mutate(kind, original, random, net.Parameters.Length > 0 && typeof(T) == typeof(double)));
            }
        }

        foreach (IGrouping<Kind, KeyValuePair<(Kind, string), int>> group in tally.GroupBy(t => t.Key.Item1))
        {
            _output.WriteLine($"{name} {group.Key}: " + string.Join(", ", group.Select(t => $"{t.Key.Item2} {t.Value}")));
        }

        _output.WriteLine($"{name}: {tally.Values.Sum()} files, no disagreement");

        void Compare(Kind kind, byte[] file)
        {
            Verdict runtime = RuntimeVerdict(net, file);
            Verdict compile = build.Verdict(file);
            string shown = Encoding.Latin1.GetString(file);
            Assert.True(runtime.Outcome == compile.Outcome, $"{kind}: Load says {runtime.Outcome} ({runtime.Detail}), the build says {compile.Outcome} ({compile.Detail}) for:\n{shown}");
            if (runtime.Outcome == "accepted")
            {
                Assert.True(runtime.Bits.SequenceEqual(compile.Bits), $"{kind}: both accept but hold different bits:\n{shown}");
            }

            tally[(kind, runtime.Outcome)] = tally.GetValueOrDefault((kind, runtime.Outcome)) + 1;
        }
    }

    private sealed record Verdict(string Outcome, string Detail, ulong[] Bits);

    private static Verdict RuntimeVerdict<T>(INetwork<T> template, byte[] file)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = (INetwork<T>)Activator.CreateInstance(template.GetType())!;
        try
        {
            net.Load(new MemoryStream(file));
        }
        catch (WeightsFormatException e)
        {
            string outcome = e.Problem is WeightsProblem.TopologyMismatch or WeightsProblem.PrecisionMismatch ? "mismatch" : "rejected";
            return new Verdict(outcome, e.Message, Array.Empty<ulong>());
        }

        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes((ReadOnlySpan<T>)net.Parameters);
        int size = Marshal.SizeOf<T>();
        var bits = new ulong[bytes.Length / size];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = size == 8 ? BitConverter.ToUInt64(bytes.Slice(i * 8, 8)) : BitConverter.ToUInt32(bytes.Slice(i * 4, 4));
        }

        return new Verdict("accepted", string.Empty, bits);
    }

    /// <summary>The generator, driven incrementally: one compilation, the additional file replaced for every mutation.</summary>
    private sealed class BuildSide
    {
        private readonly Compilation _compilation;
        private GeneratorDriver _driver;
        private AdditionalText _current;

        public BuildSide(string declaration, byte[] initial)
        {
            _compilation = GeneratorHarness.CreateCompilation(declaration);
            _current = new BytesAdditionalText("net.weights.txt", initial);
            _driver = GeneratorHarness.CreateDriver(_current);
        }

        public Verdict Verdict(byte[] file)
        {
            var next = new BytesAdditionalText("net.weights.txt", file);
            _driver = _driver.ReplaceAdditionalText(_current, next).RunGenerators(_compilation);
            _current = next;
            GeneratorRunResult result = _driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            GenSpec spec = result.TrackedSteps[gen::NetGen.Generator.NetworkGenerator.Steps.Embed]
                .SelectMany(s => s.Outputs).Select(o => o.Value).OfType<GenSpec>().Single();
            return spec.ErrorId switch
            {
                null => new Verdict("accepted", string.Empty, spec.EmbeddedBits.ToArray()),
                "NG0105" => new Verdict("mismatch", spec.ErrorId, Array.Empty<ulong>()),
                "NG0011" => new Verdict("rejected", spec.ErrorId, Array.Empty<ulong>()),
                _ => throw new InvalidOperationException("unexpected " + spec.ErrorId),
            };
        }
    }

    /// <summary>Bytes as the compiler reads an additional file: UTF-8 when they are valid UTF-8, else one char per byte.</summary>
    private sealed class BytesAdditionalText(string path, byte[] bytes) : AdditionalText
    {
        public override string Path { get; } = path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default)
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                text = Encoding.Latin1.GetString(bytes);
            }

            return Microsoft.CodeAnalysis.Text.SourceText.From(text);
        }
    }

    private static void Fill<T>(Span<T> values, int seed, Func<double, T> convert)
    {
        var random = new Random(seed);
        for (int i = 0; i < values.Length; i++)
        {
            // Awkward values too: subnormals, negative zero, large magnitudes.
            values[i] = (i % 7) switch
            {
                0 => convert(-0.0),
                1 => convert(1e-40 * random.NextDouble()),
                2 => convert(3e5 * (random.NextDouble() - 0.5)),
                _ => convert((random.NextDouble() * 2) - 1),
            };
        }
    }

    private static byte[] Mutate(Kind kind, byte[] original, Random random, bool isDouble)
    {
        string text = Encoding.ASCII.GetString(original);
        List<string> lines = text.Split('\n').ToList();
        switch (kind)
        {
            case Kind.BitFlip:
            {
                byte[] copy = (byte[])original.Clone();
                int flips = random.Next(1, 3);
                for (int f = 0; f < flips; f++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            }

            case Kind.EditedDecimal:
            {
                int index = ValueLine(lines, random);
                string[] parts = lines[index].Split(' ');
                parts[0] = EditDecimal(parts[0], parts[1], random, isDouble);
                lines[index] = string.Join(' ', parts);
                return Encoding.ASCII.GetBytes(string.Join('\n', lines));
            }

            case Kind.Truncation:
                return original[..random.Next(original.Length)];

            case Kind.InsertedLine:
            {
                string[] candidates =
                {
                    "# a comment", "", "   ", "\t# indented comment", "0.5 0x3F000000", "0 0x0000000000000000", "layer 1 Identity bias",
                    "weights 1 16x1", "checksum crc32 0x00000000", "parameters 49", "#", "precision single", "garbage",
                    lines[random.Next(lines.Count)],
                };
                lines.Insert(random.Next(lines.Count + 1), candidates[random.Next(candidates.Length)]);
                return Encoding.ASCII.GetBytes(string.Join('\n', lines));
            }

            case Kind.DeletedLine:
                lines.RemoveAt(random.Next(lines.Count));
                return Encoding.ASCII.GetBytes(string.Join('\n', lines));

            case Kind.NonAscii:
            {
                byte[][] insertions = { new byte[] { 0xC3, 0xA9 }, new byte[] { (byte)random.Next(0x80, 0x100) }, new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xE2, 0x88, 0x92 } };
                byte[] insert = insertions[random.Next(insertions.Length)];
                int at = random.Next(2) == 0 ? Position(text, "# ", random) : random.Next(original.Length + 1);
                return original[..at].Concat(insert).Concat(original[at..]).ToArray();
            }

            case Kind.OtherVersion:
            {
                string[] versions = { "0", "2", "01", "-1", "+1", "1.0", "99999999999", "", "1 1", "65537", "1\r" };
                lines[0] = "netgen-weights " + versions[random.Next(versions.Length)];
                return Encoding.ASCII.GetBytes(string.Join('\n', lines));
            }

            default:
            {
                switch (random.Next(5))
                {
                    case 0:
                        return Encoding.ASCII.GetBytes(text.Replace("\n", "\r\n"));
                    case 1:
                        return original[..^1];
                    case 2:
                    {
                        int newline = NthIndex(text, '\n', random.Next(text.Count(c => c == '\n')));
                        return original[..newline].Concat(original[(newline + 1)..]).ToArray();
                    }

                    case 3:
                        return Encoding.ASCII.GetBytes(text.Replace(" ", random.Next(2) == 0 ? "\t" : "  "));
                    default:
                    {
                        int a = random.Next(lines.Count), b = random.Next(lines.Count);
                        (lines[a], lines[b]) = (lines[b], lines[a]);
                        return Encoding.ASCII.GetBytes(string.Join('\n', lines));
                    }
                }
            }
        }
    }

    /// <summary>Decimal edits: some keep the value (other spellings), some change it by an ulp or a digit.</summary>
    private static string EditDecimal(string decimalText, string hex, Random random, bool isDouble)
    {
        ulong bits = ulong.Parse(hex.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        double value = isDouble ? BitConverter.UInt64BitsToDouble(bits) : BitConverter.UInt32BitsToSingle((uint)bits);
        switch (random.Next(12))
        {
            case 0: return value.ToString("G17", CultureInfo.InvariantCulture);
            case 1: return value.ToString("E30", CultureInfo.InvariantCulture);
            case 2: return decimalText + "0";
            case 3: return "+" + decimalText;
            case 4: return decimalText.StartsWith('-') ? decimalText[1..] : "-" + decimalText;
            case 5:
            {
                double next = isDouble ? Math.BitIncrement(value) : MathF.BitIncrement((float)value);
                return isDouble ? next.ToString("R", CultureInfo.InvariantCulture) : ((float)next).ToString("R", CultureInfo.InvariantCulture);
            }

            case 6:
            {
                int at = random.Next(decimalText.Length);
                return char.IsAsciiDigit(decimalText[at]) ? decimalText[..at] + (char)('0' + random.Next(10)) + decimalText[(at + 1)..] : decimalText;
            }

            case 7: return decimalText + "e0";
            case 8: return new[] { "NaN", "Infinity", "-Infinity", "nan", "1e999", "-1e-999", ".", "1e", "0x1", "1_0", ".5e-0" }[random.Next(11)];
            case 9: return "0000" + decimalText.TrimStart('-');
            case 10: return value.ToString("F60", CultureInfo.InvariantCulture).TrimEnd('0');
            default: return decimalText[..Math.Max(1, decimalText.Length - 1)];
        }
    }

    private static int ValueLine(List<string> lines, Random random)
    {
        while (true)
        {
            int i = random.Next(lines.Count);
            string[] parts = lines[i].Split(' ');
            if (parts.Length == 2 && parts[1].StartsWith("0x", StringComparison.Ordinal))
            {
                return i;
            }
        }
    }

    private static int Position(string text, string marker, Random random)
    {
        int at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? random.Next(text.Length) : at + marker.Length + random.Next(5);
    }

    private static int NthIndex(string text, char c, int n)
    {
        int at = -1;
        for (int i = 0; i <= n; i++)
        {
            at = text.IndexOf(c, at + 1);
        }

        return at;
    }
}
