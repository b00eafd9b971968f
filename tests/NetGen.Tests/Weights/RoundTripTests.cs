using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static NetGen.Tests.Weights.WeightsTestHelpers;

namespace NetGen.Tests.Weights;

public sealed class RoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void SaveLoad_FloatNetwork_BitIdentical(WeightsFormat format)
    {
        var saved = new WeightsSquareNet();
        saved.Initialize(7);
        string path = _dir.File("square.weights");

        saved.Save(path, format);
        var loaded = new WeightsSquareNet();
        loaded.Initialize(8);
        Assert.NotEqual(Bits(saved), Bits(loaded));
        loaded.Load(path);

        Assert.Equal(Bits(saved), Bits(loaded));
        Assert.Equal(["square.weights"], _dir.Files());
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void SaveLoad_DoubleNetwork_BitIdentical(WeightsFormat format)
    {
        var saved = new WeightsDoubleNet();
        saved.Initialize(7);
        string path = _dir.File("double.weights");

        saved.Save(path, format);
        var loaded = new WeightsDoubleNet();
        loaded.Initialize(8);
        loaded.Load(path);

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void SaveLoad_AwkwardFloats_BitIdentical(WeightsFormat format)
    {
        var saved = new WeightsSquareNet();
        FillAwkward(saved.Parameters, seed: 1);

        var loaded = new WeightsSquareNet();
        loaded.Load(new MemoryStream(Encode(saved, format)));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Theory]
    [InlineData(WeightsFormat.Binary)]
    [InlineData(WeightsFormat.Text)]
    public void SaveLoad_AwkwardDoubles_BitIdentical(WeightsFormat format)
    {
        var saved = new WeightsDoubleNet();
        FillAwkward(saved.Parameters, seed: 2);

        var loaded = new WeightsDoubleNet();
        loaded.Load(new MemoryStream(Encode(saved, format)));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Fact]
    public void SaveLoad_ManyRandomFloatBitPatterns_TextRoundTripsEveryOne()
    {
        // 100 files × 193 values: every float class (normal, subnormal, NaN with payload, ±0, ±∞) many times over.
        var saved = new WeightsSquareNet();
        var loaded = new WeightsSquareNet();
        for (int seed = 0; seed < 100; seed++)
        {
            FillAwkward(saved.Parameters, seed);
            loaded.Load(new MemoryStream(Encode(saved, WeightsFormat.Text)));
            Assert.Equal(Bits(saved), Bits(loaded));
        }
    }

    [Fact]
    public void SaveLoad_CultureWithUnicodeMinusAndDecimalComma_SameBytesAndValues()
    {
        var saved = new WeightsDoubleNet();
        FillAwkward(saved.Parameters, seed: 4);
        byte[] invariant = Encode(saved, WeightsFormat.Text);
        CultureInfo previous = CultureInfo.CurrentCulture;
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = culture;
            byte[] local = Encode(saved, WeightsFormat.Text);
            var loaded = new WeightsDoubleNet();
            loaded.Load(new MemoryStream(local));

            Assert.Equal(invariant, local);
            Assert.Equal(Bits(saved), Bits(loaded));
            var e = Assert.Throws<WeightsFormatException>(() => loaded.Load(new MemoryStream(invariant[..2000])));
            Assert.DoesNotContain("\u2212", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Save_SameParameters_SameBytes()
    {
        var a = new WeightsDoubleNet();
        var b = new WeightsDoubleNet();

        Assert.Equal(Encode(a, WeightsFormat.Binary), Encode(b, WeightsFormat.Binary));
        Assert.Equal(Encode(a, WeightsFormat.Text), Encode(b, WeightsFormat.Text));
    }

    [Fact]
    public void Save_Binary_HasDocumentedLength()
    {
        // 32 bytes of fixed fields and checksums, 12 per layer, 4 or 8 per parameter.
        Assert.Equal(32 + (12 * 2) + (193 * 4), Encode(new WeightsSquareNet(), WeightsFormat.Binary).Length);
        Assert.Equal(32 + (12 * 3) + (WeightsDoubleNet.ParameterCount * 8), Encode(new WeightsDoubleNet(), WeightsFormat.Binary).Length);
    }

    [Fact]
    public void Save_Text_ChecksumLineIsTheBinaryChecksum()
    {
        var net = new WeightsDoubleNet();
        byte[] binary = Encode(net, WeightsFormat.Binary);
        string text = Encoding.ASCII.GetString(Encode(net, WeightsFormat.Text));

        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(binary.AsSpan(binary.Length - 4));
        Assert.EndsWith($"\nchecksum crc32 0x{crc:X8}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextWithCrLfCommentsBlanksAndBom_LoadsTheSameParameters()
    {
        // What git, editors and reviewers do to a text file must not matter: the checksum covers values, not layout.
        var saved = new WeightsSquareNet();
        saved.Initialize(3);
        string text = Encoding.ASCII.GetString(Encode(saved, WeightsFormat.Text));
        string edited = "\uFEFF" + text.Replace("\nweights 2", "\n\n# reviewed by Zoë: output layer ✓\n  \nweights 2", StringComparison.Ordinal)
            .Replace(" ", "\t ", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal).TrimEnd('\n', '\r');

        var loaded = new WeightsSquareNet();
        loaded.Load(new MemoryStream(Encoding.UTF8.GetBytes(edited)));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Fact]
    public void Load_OtherLossAndReductionSameTopology_Loads()
    {
        // Loss and reduction are training choices, not part of the weights: HasSameTopology ignores them too.
        var saved = new WeightsSquareNet();
        saved.Initialize(5);
        var loaded = new WeightsSquareSumNet();

        loaded.Load(new MemoryStream(Encode(saved, WeightsFormat.Binary)));

        Assert.Equal(Bits(saved), Bits(loaded));
    }

    [Fact]
    public void Save_Stream_WritesAtPositionAndLeavesStreamOpen()
    {
        var net = new WeightsSquareNet();
        var stream = new MemoryStream();
        stream.Write([1, 2, 3]);

        net.Save(stream);

        Assert.True(stream.CanWrite);
        Assert.Equal(Encode(net, WeightsFormat.Binary), stream.ToArray().Skip(3).ToArray());
    }

    [Fact]
    public void Save_ExistingFile_IsReplaced()
    {
        string path = _dir.File("square.weights");
        File.WriteAllText(path, "an older file");
        var net = new WeightsSquareNet();

        net.Save(path);

        Assert.Equal(Encode(net, WeightsFormat.Binary), File.ReadAllBytes(path));
        Assert.Equal(["square.weights"], _dir.Files());
    }

    [Fact]
    public void Save_UnknownFormat_Throws()
    {
        string path = _dir.File("square.weights");

        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightsSquareNet().Save(path, (WeightsFormat)7));
        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => new WeightsSquareNet().Load(_dir.File("absent.weights")));
    }
}
