using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Linq;
using System.Numerics;
using System.Text;
using static NetGen.Tests.Weights.WeightsTestHelpers;

namespace NetGen.Tests.Weights;

/// <summary>Each way a load can fail: the message names the file and the problem, and the parameters stay as they were.</summary>
public sealed class LoadFailureTests : IDisposable
{
    private const string SquareBinary = "1 → 64 LeakyReLU(alpha 0.01) → 1 Identity, single precision, 193 parameters";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_NotWeightsFile_Rejected()
    {
        WeightsFormatException e = AssertRejected(new WeightsSquareNet(), "hello, world\n"u8.ToArray(), WeightsProblem.NotWeightsFile,
            "is not a NetGen weights file", "starts with 68 65 6C 6C 6F 2C 20 77", "89 4E 47 57 0D 0A 1A 0A", "'netgen-weights <version>'");
        Assert.DoesNotContain("text mode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SignatureDamagedByLineEndingConversion_RejectedWithHint()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);
        byte[] converted = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(file).Replace("\r\n", "\n", StringComparison.Ordinal));

        AssertRejected(new WeightsSquareNet(), converted, WeightsProblem.NotWeightsFile, "is not a NetGen weights file", "text mode");
    }

    [Fact]
    public void Load_NewerBinaryVersion_Rejected()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), 2);

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.NewerVersion, "format version 2", "version 1 and older", "update NetGen");
    }

    [Fact]
    public void Load_NewerTextVersion_Rejected()
    {
        byte[] file = Encoding.ASCII.GetBytes("netgen-weights 3\nwhatever version 3 holds\n");

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.NewerVersion, "format version 3", "update NetGen");
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Load_OtherPrecision_RejectedWithBothTopologies(WeightsFormat format)
    {
        byte[] file = Encode(new WeightsSquareDoubleNet(), format);

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.PrecisionMismatch,
            "the file holds double-precision values but WeightsSquareNet is single precision",
            "File: 1 → 64 LeakyReLU(alpha 0.01) → 1 Identity, double precision, 193 parameters",
            "; WeightsSquareNet: " + SquareBinary);
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Load_OtherUnits_RejectedWithBothTopologies(WeightsFormat format)
    {
        AssertRejected(new WeightsSquareNet(), Encode(new WeightsNarrowNet(), format), WeightsProblem.TopologyMismatch,
            "layer 1 has 32 units in the file, 64 in WeightsSquareNet",
            "File: 1 → 32 LeakyReLU(alpha 0.01) → 1 Identity, single precision, 97 parameters",
            "; WeightsSquareNet: " + SquareBinary);
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Load_OtherActivation_RejectedWithBothTopologies(WeightsFormat format)
    {
        AssertRejected(new WeightsSquareNet(), Encode(new WeightsReluNet(), format), WeightsProblem.TopologyMismatch,
            "layer 1 is ReLU in the file, LeakyReLU in WeightsSquareNet",
            "File: 1 → 64 ReLU → 1 Identity, single precision, 193 parameters", SquareBinary);
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Load_OtherLeakyReluSlope_RejectedWithBothTopologies(WeightsFormat format)
    {
        AssertRejected(new WeightsSquareNet(), Encode(new WeightsSteepLeakNet(), format), WeightsProblem.TopologyMismatch,
            "layer 1's LeakyReLU slope is 0.2 in the file, 0.01 in WeightsSquareNet",
            "1 → 64 LeakyReLU(alpha 0.2) → 1 Identity", SquareBinary);
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void Load_OtherBiasFlag_RejectedWithBothTopologies(WeightsFormat format)
    {
        AssertRejected(new WeightsSquareNet(), Encode(new WeightsNoBiasNet(), format), WeightsProblem.TopologyMismatch,
            "layer 1 has no biases in the file but has biases in WeightsSquareNet",
            "1 → 64 LeakyReLU(alpha 0.01) (no bias) → 1 Identity, single precision, 129 parameters", SquareBinary);
    }

    [Fact]
    public void Load_OtherLayerCount_RejectedWithBothTopologies()
    {
        AssertRejected(new WeightsSquareDoubleNet(), Encode(new WeightsDoubleNet(), WeightsFormat.Binary), WeightsProblem.TopologyMismatch,
            "the input width is 4 in the file, 1 in WeightsSquareDoubleNet",
            "4 → 8 Tanh → 5 ReLU (no bias) → 3 Softmax, double precision, 98 parameters");
    }

    [Fact]
    public void Load_TruncatedBinary_RejectedWithBothLengths()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);

        AssertRejected(new WeightsSquareNet(), file[..500], WeightsProblem.Truncated, "is truncated", "expected 828 bytes, found 500 bytes");
    }

    [Fact]
    public void Load_BinaryTruncatedInsideHeader_RejectedWithBothLengths()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);

        AssertRejected(new WeightsSquareNet(), file[..30], WeightsProblem.Truncated,
            "is truncated inside its header", "expected at least 52 bytes of header", "828 bytes in all", "found 30 bytes");
    }

    [Fact]
    public void Load_EmptyFile_RejectedAsTruncated()
    {
        AssertRejected(new WeightsSquareNet(), [], WeightsProblem.Truncated, "expected 828 bytes (binary form), found 0 bytes");
    }

    [Fact]
    public void Load_TruncatedText_RejectedWithBothCounts()
    {
        string text = Encoding.ASCII.GetString(Encode(new WeightsSquareNet(), WeightsFormat.Text));
        int cut = IndexOfLine(text, "weights 2 1x64");

        AssertRejected(new WeightsSquareNet(), Encoding.ASCII.GetBytes(text[..cut]), WeightsProblem.Truncated,
            "is truncated", "expected 193 parameter values, found 128 (the file ends at line 138, after 2,564 bytes)");
    }

    [Fact]
    public void Load_TextCutMidLine_RejectedAsTruncated()
    {
        string text = Encoding.ASCII.GetString(Encode(new WeightsSquareNet(), WeightsFormat.Text));

        AssertRejected(new WeightsSquareNet(), Encoding.ASCII.GetBytes(text[..(text.Length - 5)]), WeightsProblem.Truncated,
            "is truncated", "stops without a newline");
    }

    [Fact]
    public void Load_BinaryWithExtraBytes_RejectedWithBothLengths()
    {
        byte[] file = [.. Encode(new WeightsSquareNet(), WeightsFormat.Binary), 0];

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.TrailingData, "expected 828 bytes, found 829 bytes", "1 byte after the checksum");
    }

    [Fact]
    public void Load_TextWithContentAfterChecksum_Rejected()
    {
        byte[] file = [.. Encode(new WeightsSquareNet(), WeightsFormat.Text), .. "0.5 0x3F000000\n"u8];

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.TrailingData, "goes on after its checksum line");
    }

    [Fact]
    public void Load_HugeFile_RejectedWithoutReadingItAll()
    {
        byte[] file = new byte[4 << 20];
        Encode(new WeightsSquareNet(), WeightsFormat.Binary).CopyTo(file, 0);

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.TrailingData, "is too long", "at most 1,073,536 bytes");
    }

    [Fact]
    public void Load_FlippedParameterBit_RejectedAsChecksumMismatch()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);
        file[400] ^= 0x10;

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.ChecksumMismatch, "checksum mismatch", "the file is corrupt");
    }

    [Fact]
    public void Load_FlippedHeaderBit_RejectedAsCorruptHeader()
    {
        byte[] file = Encode(new WeightsSquareNet(), WeightsFormat.Binary);
        file[21] ^= 0x01; // the first layer's units: 64 → 320

        AssertRejected(new WeightsSquareNet(), file, WeightsProblem.ChecksumMismatch, "its header is corrupt", "header checksum");
    }

    [Fact]
    public void Load_TextValueChangedConsistently_RejectedAsChecksumMismatch()
    {
        // Both columns edited to agree: only the checksum can tell.
        var net = new WeightsTinyNet();
        net.Parameters[0] = 0.5f;
        string text = Encoding.ASCII.GetString(Encode(net, WeightsFormat.Text));
        string edited = text.Replace("\n0.5 0x3F000000\n", "\n0.75 0x3F400000\n", StringComparison.Ordinal);
        Assert.NotEqual(text, edited);

        AssertRejected(new WeightsTinyNet(), Encoding.ASCII.GetBytes(edited), WeightsProblem.ChecksumMismatch,
            "checksum mismatch", "edited by hand");
    }

    [Fact]
    public void Load_TextDecimalDisagreesWithBits_RejectedAsMalformed()
    {
        var net = new WeightsTinyNet();
        net.Parameters[0] = 0.5f;
        string text = Encoding.ASCII.GetString(Encode(net, WeightsFormat.Text));
        string edited = text.Replace("\n0.5 0x3F000000\n", "\n0.6 0x3F000000\n", StringComparison.Ordinal);

        AssertRejected(new WeightsTinyNet(), Encoding.ASCII.GetBytes(edited), WeightsProblem.Malformed,
            "line 9", "the decimal '0.6' is not the value of the bits 0x3F000000 (0.5)");
    }

    [Fact]
    public void Load_TextNonAsciiOutsideComment_RejectedAsMalformed()
    {
        string text = Encoding.ASCII.GetString(Encode(new WeightsTinyNet(), WeightsFormat.Text))
            .Replace("precision single", "precision single\u00A0", StringComparison.Ordinal);

        AssertRejected(new WeightsTinyNet(), Encoding.UTF8.GetBytes(text), WeightsProblem.Malformed, "line 4", "the byte 0xC2 is not ASCII");
    }

    [Fact]
    public void Load_TextUnknownActivation_RejectedAsMalformed()
    {
        string text = Encoding.ASCII.GetString(Encode(new WeightsTinyNet(), WeightsFormat.Text))
            .Replace("layer 1 Identity bias", "layer 1 Swish bias", StringComparison.Ordinal);

        AssertRejected(new WeightsTinyNet(), Encoding.ASCII.GetBytes(text), WeightsProblem.Malformed, "line 6", "'Swish' is not an activation");
    }

    [Fact]
    public void Load_BinaryHeaderWithReservedBitsAndValidChecksums_RejectedAsMalformed()
    {
        // A writer's bug rather than damage: the checksums agree, the content breaks the rules.
        byte[] file = Encode(new WeightsTinyNet(), WeightsFormat.Binary);
        file[25] = 0x80; // layer 1 flags
        int headerEnd = 20 + 12 + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(headerEnd), Crc32.HashToUInt32(file.AsSpan(0, headerEnd)));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), Crc32.HashToUInt32(file.AsSpan(0, file.Length - 4)));

        AssertRejected(new WeightsTinyNet(), file, WeightsProblem.Malformed, "its header is malformed", "layer 1 has flags or reserved bits set");
    }

    [Fact]
    public void Load_UnnamedStream_MessageSaysStream()
    {
        var net = new WeightsSquareNet();
        byte[] before = Bits(net);

        var e = Assert.Throws<WeightsFormatException>(() => net.Load(new MemoryStream("nope"u8.ToArray())));

        Assert.Null(e.Path);
        Assert.StartsWith("Cannot load weights from a stream into WeightsSquareNet: it is not a NetGen weights file", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, Bits(net));
    }

    [Fact]
    public void WeightsFormatException_IsAnIOException()
    {
        Assert.True(typeof(IOException).IsAssignableFrom(typeof(WeightsFormatException)));
    }

    /// <summary>
    /// Writes <paramref name="file"/> to disk, loads it into <paramref name="network"/> and checks the exception's problem,
    /// path and message, and that the parameters did not change.
    /// </summary>
    private WeightsFormatException AssertRejected<T>(INetwork<T> network, byte[] file, WeightsProblem problem, params string[] fragments)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = _dir.File("rejected.weights");
        File.WriteAllBytes(path, file);
        network.Initialize(12345);
        byte[] before = Bits(network);

        var e = Assert.Throws<WeightsFormatException>(() => network.Load(path));

        Assert.Equal(problem, e.Problem);
        Assert.Equal(path, e.Path);
        Assert.StartsWith($"Cannot load weights from '{path}' into {network.Info.Name}: ", e.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.True(e.Message.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' is not in: {e.Message}");
        }

        Assert.Equal(before, Bits(network));
        return e;
    }

    private static int IndexOfLine(string text, string line)
    {
        int at = text.IndexOf("\n" + line + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, line);
        return at + 1;
    }
}
