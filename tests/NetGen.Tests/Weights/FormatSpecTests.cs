using System;
using System.IO;
using System.Text;
using static NetGen.Tests.Weights.WeightsTestHelpers;

namespace NetGen.Tests.Weights;

/// <summary>
/// Pins format version 1 to the bytes spelled out in docs/weights-format.md: a change here is a format change, which
/// needs a new version number, not an edit of these strings.
/// </summary>
public sealed class FormatSpecTests
{
    // WeightsTinyNet: input 2, one Identity layer of 1 unit with bias; weights 0.5, −2, bias 0.1.
    private const string TinyBinaryHex =
        "894E47570D0A1A0A" + // signature
        "0100" + "00" + "00" + // version 1, precision single, reserved
        "02000000" + "01000000" + // input width 2, 1 layer
        "01000000" + "00" + "01" + "0000" + "00000000" + // layer 1: 1 unit, Identity, has bias, reserved, slope 0
        "03000000" + // 3 parameters
        "52F6AA7A" + // header CRC-32
        "0000003F" + "000000C0" + "CDCCCC3D" + // 0.5, -2, 0.1
        "212193D7"; // CRC-32 of all of the above

    private const string TinyText = """
        netgen-weights 1
        # NetGen weights, text form; see docs/weights-format.md. Each value is its decimal and its IEEE 754 bits,
        # which are authoritative. The checksum covers every value: edit with NetGen, not by hand.
        precision single
        input 2
        layer 1 Identity bias
        parameters 3
        weights 1 1x2
        0.5 0x3F000000
        -2 0xC0000000
        biases 1 1
        0.1 0x3DCCCCCD
        checksum crc32 0xD7932121

        """;

    private static WeightsTinyNet Tiny()
    {
        var net = new WeightsTinyNet();
        net.Parameters[0] = 0.5f;
        net.Parameters[1] = -2f;
        net.Parameters[2] = 0.1f;
        return net;
    }

    [Fact]
    public void Binary_TinyNetwork_IsTheDocumentedBytes()
    {
        Assert.Equal(TinyBinaryHex, Convert.ToHexString(Encode(Tiny(), WeightsFormat.Binary)));
    }

    [Fact]
    public void Text_TinyNetwork_IsTheDocumentedText()
    {
        Assert.Equal(TinyText.ReplaceLineEndings("\n"), Encoding.ASCII.GetString(Encode(Tiny(), WeightsFormat.Text)));
    }

    [Fact]
    public void Load_DocumentedBytesAndText_GiveTheDocumentedValues()
    {
        var fromBinary = new WeightsTinyNet();
        fromBinary.Load(new MemoryStream(Convert.FromHexString(TinyBinaryHex)));
        var fromText = new WeightsTinyNet();
        fromText.Load(new MemoryStream(Encoding.ASCII.GetBytes(TinyText)));

        Assert.Equal(Bits(Tiny()), Bits(fromBinary));
        Assert.Equal(Bits(Tiny()), Bits(fromText));
    }

    [Fact]
    public void FormatVersion_IsOne()
    {
        Assert.Equal(1, NetworkWeights.FormatVersion);
    }

    [Fact]
    public void Text_LeakyReluAndDouble_WriteSlopeAsFloatBitsAndValuesAsDoubleBits()
    {
        string text = Encoding.ASCII.GetString(Encode(new WeightsSquareDoubleNet(), WeightsFormat.Text));

        Assert.Contains("\nprecision double\ninput 1\nlayer 64 LeakyReLU bias alpha 0.01 0x3C23D70A\nlayer 1 Identity bias\nparameters 193\nweights 1 64x1\n", text, StringComparison.Ordinal);
        Assert.Matches("\nbiases 2 1\n[^ ]+ 0x[0-9A-F]{16}\nchecksum crc32 0x[0-9A-F]{8}\n$", text);
    }
}
