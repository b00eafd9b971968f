using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using NetGen.Onnx;
using NetGen.Tests.Infrastructure;
using NetGen.Tests.Weights;

namespace NetGen.Tests.Import;

/// <summary>
/// safetensors written by PyTorch's state_dict (Fixtures/make_fixtures.py writes them in the format's layout), loaded
/// with each naming option; NetGen's own files round-trip bit for bit and carry the same tensor data as PyTorch's;
/// every malformed file is refused with the parameters unchanged.
/// </summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> WithSafetensors
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in ImportFixtures.AcceptedNames.Where(n => ImportFixtures.Load(n).SafetensorsPath is not null))
            {
                data.Add(name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(WithSafetensors))]
    public void LoadSafetensors_TorchStateDict_SameParametersAsTheOnnxExport(string name)
    {
        ImportFixture fixture = ImportFixtures.Load(name);
        if (fixture.IsDouble)
        {
            Check<double>(fixture, ", Precision = NetGen.Precision.Double");
        }
        else
        {
            Check<float>(fixture, string.Empty);
        }
    }

    private static void Check<T>(ImportFixture fixture, string options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assembly assembly = GeneratorHarness.CompileAndLoad(
            new[] { BuildTimeImportTests.Source("Loss.MeanSquaredError" + options, "fixtures/model.onnx") },
            new[] { ImportFixtures.Encoded("fixtures/model.onnx", fixture.Onnx) });
        INetwork<T> fromOnnx = GeneratorHarness.Create<T>(assembly, "ImportedNet");

        // Module order and file order work for every torch Sequential; exact Sequential names when no module sits
        // between a Linear and its activation (Dropout and Flatten shift the indices).
        foreach (SafetensorsNaming naming in Enum.GetValues<SafetensorsNaming>())
        {
            INetwork<T> net = GeneratorHarness.Create<T>(assembly, "ImportedNet");
            net.Initialize(5);
            bool gaps = fixture.Name.Contains("logits", StringComparison.Ordinal) || fixture.Name.Contains("nobias", StringComparison.Ordinal);
            if (naming == SafetensorsNaming.Sequential && gaps)
            {
                T[] before = net.Parameters.ToArray();
                var e = Assert.Throws<WeightsFormatException>(() => net.LoadSafetensors(fixture.SafetensorsPath!, new SafetensorsOptions { Naming = naming }));
                Assert.Contains("SafetensorsNaming.ModuleOrder", e.Message, StringComparison.Ordinal);
                Assert.Equal(before, net.Parameters.ToArray());
                continue;
            }

            net.LoadSafetensors(fixture.SafetensorsPath!, new SafetensorsOptions { Naming = naming });
            Assert.True(net.Parameters.SequenceEqual(fromOnnx.Parameters), $"{fixture.Name}, {naming}");
        }
    }

    [Fact]
    public void SaveSafetensors_TorchParameters_SameTensorDataAndNamesAsPyTorch()
    {
        var net = new DeclaredLeakyTanhSigmoid();
        string torchFile = ImportFixtures.Load("torch_leaky_tanh_sigmoid_op11").SafetensorsPath!;
        net.LoadSafetensors(torchFile);
        using var saved = new MemoryStream();
        net.SaveSafetensors(saved);

        (string header, byte[] data) netgen = Split(saved.ToArray()), torch = Split(File.ReadAllBytes(torchFile));
        Assert.Equal(torch.data, netgen.data);
        foreach (string tensor in new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" })
        {
            Assert.Contains($"\"{tensor}\"", netgen.header, StringComparison.Ordinal);
        }

        Assert.Equal(0, (saved.Length - netgen.data.Length) % 8);   // the data starts 8-byte aligned
    }

    [Fact]
    public void SaveThenLoad_FloatAndDouble_SameBits()
    {
        string path = _dir.File("net.safetensors");
        var source = new DeclaredLeakyTanhSigmoid();
        WeightsTestHelpers.FillAwkward(source.Parameters, 3);
        source.SaveSafetensors(path);
        var target = new DeclaredLeakyTanhSigmoid();
        target.LoadSafetensors(path);
        Assert.Equal(WeightsTestHelpers.Bits(source), WeightsTestHelpers.Bits(target));

        var doubleSource = new NetGen.Tests.Runtime.SmallClassifier();
        WeightsTestHelpers.FillAwkward(doubleSource.Parameters, 4);
        doubleSource.SaveSafetensors(path);
        var doubleTarget = new NetGen.Tests.Runtime.SmallClassifier();
        doubleTarget.LoadSafetensors(path);
        Assert.Equal(WeightsTestHelpers.Bits(doubleSource), WeightsTestHelpers.Bits(doubleTarget));
    }

    [Fact]
    public void Prefix_SavedWithPrefix_LoadsWithItAndNotWithout()
    {
        var source = new DeclaredLeakyTanhSigmoid();
        source.Initialize(8);
        var options = new SafetensorsOptions { Prefix = "model." };
        using var stream = new MemoryStream();
        source.SaveSafetensors(stream, options);
        Assert.Contains("\"model.2.weight\"", Split(stream.ToArray()).Header, StringComparison.Ordinal);

        var target = new DeclaredLeakyTanhSigmoid();
        target.LoadSafetensors(new MemoryStream(stream.ToArray()), "prefixed", options);
        Assert.True(target.Parameters.SequenceEqual(source.Parameters));
        var e = Assert.Throws<WeightsFormatException>(() => new DeclaredLeakyTanhSigmoid().LoadSafetensors(new MemoryStream(stream.ToArray()), "prefixed"));
        Assert.Contains("there is no tensor '0.weight'", e.Message, StringComparison.Ordinal);
        Assert.Contains("model.0.weight [6, 3]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_Fails_OldFileUnchanged()
    {
        string path = _dir.File("net.safetensors");
        new DeclaredLeakyTanhSigmoid().SaveSafetensors(path);
        byte[] previous = File.ReadAllBytes(path);
        var net = new DeclaredLeakyTanhSigmoid();
        net.Initialize(9);
        for (int n = 0; n < 600; n += 13)
        {
            var fs = new FaultyFileSystem { FailAfterBytes = n };
            Assert.Throws<IOException>(() => SafetensorsWeights.SaveSafetensors(net, path, null, fs));
            Assert.Equal(previous, File.ReadAllBytes(path));
            Assert.Equal(["net.safetensors"], _dir.Files());
        }
    }

    [Theory]
    [InlineData("short", WeightsProblem.Truncated, "fewer than the 8 of the header length")]
    [InlineData("header larger than file", WeightsProblem.Truncated, "larger than the file")]
    [InlineData("not json", WeightsProblem.NotWeightsFile, "header is not JSON")]
    [InlineData("bf16", WeightsProblem.Unsupported, "dtype BF16; NetGen loads F32 and F64")]
    [InlineData("misaligned", WeightsProblem.Malformed, "misaligned")]
    [InlineData("overlap", WeightsProblem.Malformed, "overlap")]
    [InlineData("outside", WeightsProblem.Truncated, "outside the")]
    [InlineData("hole", WeightsProblem.Malformed, "belong to no tensor")]
    [InlineData("duplicate", WeightsProblem.Malformed, "names '0.weight' twice")]
    [InlineData("wrong size", WeightsProblem.Malformed, "needs 8 bytes but its data_offsets span 4")]
    [InlineData("f64 into float", WeightsProblem.PrecisionMismatch, "is F64")]
    [InlineData("wrong shape", WeightsProblem.TopologyMismatch, "has shape [1, 2]")]
    public void Load_MalformedFile_ClearErrorParametersUnchanged(string kind, WeightsProblem problem, string text)
    {
        // A network 2 → 1 (weight [1, 2], bias [1]) and hand-made files, each wrong in one way.
        byte[] file = kind switch
        {
            "short" => new byte[] { 1, 2, 3 },
            "header larger than file" => Build("{}", 0, headerLength: 4096),
            "not json" => Build("{not json", 0),
            "bf16" => Build("""{"0.weight":{"dtype":"BF16","shape":[1,2],"data_offsets":[0,4]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8),
            "misaligned" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[2,10]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[10,14]}}""", 14),
            "overlap" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8),
            "outside" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 8),
            "hole" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16),
            "duplicate" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""", 8),
            "wrong size" => Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,4]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8),
            "f64 into float" => Build("""{"0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}""", 24),
            _ => Build("""{"0.weight":{"dtype":"F32","shape":[2,1],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12)
                .Select(b => b).ToArray(),
        };
        if (kind == "wrong shape")
        {
            // A [1, 2] weight where a [2, 1] one is expected: load into a 1 → 2 network instead.
            var wide = new LinearOneToTwo();
            file = Build("""{"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16);
            AssertRefused(wide, file, problem, text);
            return;
        }

        AssertRefused(new LinearTwoToOne(), file, problem, text);
    }

    private static void AssertRefused<T>(INetwork<T> net, byte[] file, WeightsProblem problem, string text)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        net.Initialize(1);
        T[] before = net.Parameters.ToArray();
        var e = Assert.Throws<WeightsFormatException>(() => net.LoadSafetensors(new MemoryStream(file), "bad.safetensors"));
        Assert.Equal(problem, e.Problem);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Contains("'bad.safetensors'", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    private static byte[] Build(string header, int dataLength, long? headerLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + json.Length + dataLength];
        BinaryPrimitives.WriteInt64LittleEndian(file, headerLength ?? json.Length);
        json.CopyTo(file, 8);
        return file;
    }

    internal static (string Header, byte[] Data) Split(byte[] file)
    {
        int length = (int)BinaryPrimitives.ReadInt64LittleEndian(file);
        return (Encoding.UTF8.GetString(file, 8, length), file[(8 + length)..]);
    }
}

/// <summary>2 → 1, for hand-made safetensors files.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(1)]
public partial class LinearTwoToOne;

/// <summary>1 → 2, for hand-made safetensors files.</summary>
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(2)]
public partial class LinearOneToTwo;
