extern alias gen;

using System;
using System.IO;
using System.Linq;
using gen::NetGen.Onnx.Import;
using NetGen.Onnx;

namespace NetGen.Tests.Import;

/// <summary>
/// Damaged models and safetensors files: every truncation, seeded random bit flips, and bytes forced to large
/// lengths. The readers never throw (other than the documented WeightsFormatException at run time) and never hang
/// (every read advances within bounds). A truncated file never loads. A damaged file that still loads holds the same
/// network with at most the one value whose bytes were hit changed: neither format has a checksum, so a flipped bit
/// inside a weight is undetectable by design, and nothing else may change.
/// </summary>
public sealed class ImportFuzzTests
{
    private const int FlipsPerFile = 1500;

    [Theory]
    [MemberData(nameof(ImportFixtures.Accepted), MemberType = typeof(ImportFixtures))]
    public void OnnxReader_EveryTruncation_FailsWithoutThrowing(string name)
    {
        byte[] model = ImportFixtures.Load(name).Onnx;
        for (int length = 0; length < model.Length; length++)
        {
            OnnxImportResult result = OnnxModelReader.Read(model[..length]);
            Assert.False(result.Succeeded, $"{name} cut to {length} of {model.Length} bytes loaded");
            Assert.NotEqual(OnnxImportProblem.None, result.Problem);
        }
    }

    [Theory]
    [MemberData(nameof(ImportFixtures.Accepted), MemberType = typeof(ImportFixtures))]
    public void OnnxReader_BitFlipsAndLargeLengths_FailOrChangeAtMostOneValue(string name)
    {
        byte[] model = ImportFixtures.Load(name).Onnx;
        OnnxImportResult original = OnnxModelReader.Read(model);
        Assert.True(original.Succeeded);
        var random = new Random(name.Length * 7919);
        int loaded = 0, refused = 0;
        for (int i = 0; i < FlipsPerFile + (2 * model.Length); i++)
        {
            byte[] damaged = (byte[])model.Clone();
            if (i < FlipsPerFile)
            {
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            }
            else
            {
                // Every byte forced to a large one-byte length / varint continuation.
                int at = (i - FlipsPerFile) / 2;
                damaged[at] = (i % 2 == 0) ? (byte)0x7F : (byte)0xFF;
            }

            OnnxImportResult result = OnnxModelReader.Read(damaged);
            if (!result.Succeeded)
            {
                refused++;
                continue;
            }

            loaded++;
            Assert.Equal(original.InputSize, result.InputSize);
            Assert.Equal(original.Layers.Select(l => (l.Units, l.Activation, l.HasBias)), result.Layers.Select(l => (l.Units, l.Activation, l.HasBias)));
            int changed = original.Layers.Zip(result.Layers).Count(p => BitConverter.SingleToUInt32Bits(p.First.Alpha) != BitConverter.SingleToUInt32Bits(p.Second.Alpha));
            changed += original.Layers.Zip(result.Layers)
                .Sum(p => p.First.Weights.Zip(p.Second.Weights).Count(w => BitConverter.DoubleToInt64Bits(w.First) != BitConverter.DoubleToInt64Bits(w.Second)) +
                          (p.First.Biases ?? []).Zip(p.Second.Biases ?? []).Count(b => BitConverter.DoubleToInt64Bits(b.First) != BitConverter.DoubleToInt64Bits(b.Second)));
            Assert.True(changed <= 1, $"{name}, case {i}: {changed} values changed (a weight, a bias or a LeakyReLU slope may be the one hit)");
        }

        Assert.True(refused > 0 && loaded + refused == FlipsPerFile + (2 * model.Length));
    }

    [Fact]
    public void LoadOnnx_DamagedModels_ThrowOnlyWeightsFormatExceptionAndKeepParameters()
    {
        byte[] model = ImportFixtures.Load("torch_leaky_tanh_sigmoid_op11").Onnx;
        var reference = new DeclaredLeakyTanhSigmoid();
        reference.LoadOnnx(new MemoryStream(model));
        float[] good = reference.Parameters.ToArray();
        var net = new DeclaredLeakyTanhSigmoid();
        var random = new Random(17);
        for (int i = 0; i < 1000; i++)
        {
            byte[] damaged = i < 500 ? model[..random.Next(model.Length)] : Flip(model, random);
            net.Initialize(i);
            float[] before = net.Parameters.ToArray();
            try
            {
                net.LoadOnnx(new MemoryStream(damaged), "damaged.onnx");
                Assert.True(i >= 500, "a truncated model loaded");
                int changed = good.Zip(net.Parameters.ToArray()).Count(p => BitConverter.SingleToUInt32Bits(p.First) != BitConverter.SingleToUInt32Bits(p.Second));
                Assert.True(changed <= 1, $"case {i}: {changed} values changed");
            }
            catch (WeightsFormatException e)
            {
                Assert.Contains("damaged.onnx", e.Message, StringComparison.Ordinal);
                Assert.Equal(before, net.Parameters.ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(SafetensorsTests.WithSafetensors), MemberType = typeof(SafetensorsTests))]
    public void LoadSafetensors_TruncationsAndFlips_NeverLoadSomethingDifferent(string name)
    {
        if (name != "torch_leaky_tanh_sigmoid_op11")
        {
            return;   // the declared network of that topology is the one compiled into the tests
        }

        byte[] file = File.ReadAllBytes(ImportFixtures.Load(name).SafetensorsPath!);
        var reference = new DeclaredLeakyTanhSigmoid();
        reference.LoadSafetensors(new MemoryStream(file));
        float[] good = reference.Parameters.ToArray();
        var net = new DeclaredLeakyTanhSigmoid();
        var random = new Random(23);
        int cases = 0;
        for (int length = 0; length < file.Length; length++, cases++)
        {
            net.Initialize(length);
            float[] before = net.Parameters.ToArray();
            Assert.Throws<WeightsFormatException>(() => net.LoadSafetensors(new MemoryStream(file[..length]), "cut.safetensors"));
            Assert.Equal(before, net.Parameters.ToArray());
        }

        for (int i = 0; i < 3000; i++, cases++)
        {
            byte[] damaged = Flip(file, random);
            net.Initialize(i);
            float[] before = net.Parameters.ToArray();
            try
            {
                net.LoadSafetensors(new MemoryStream(damaged), "flipped.safetensors");
                int changed = good.Zip(net.Parameters.ToArray()).Count(p => BitConverter.SingleToUInt32Bits(p.First) != BitConverter.SingleToUInt32Bits(p.Second));
                Assert.True(changed <= 1, $"flip {i}: {changed} values changed");
            }
            catch (WeightsFormatException)
            {
                Assert.Equal(before, net.Parameters.ToArray());
            }
        }

        Assert.Equal(file.Length + 3000, cases);
    }

    private static byte[] Flip(byte[] bytes, Random random)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        return copy;
    }
}
