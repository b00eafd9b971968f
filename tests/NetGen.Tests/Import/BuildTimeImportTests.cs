extern alias gen;

using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using NetGen.Onnx;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Import;

/// <summary>
/// Every fixture (PyTorch exports at opsets 9 to 17, tf2onnx-style Keras graphs at 9, 13 and 21) compiled in with
/// [ImportOnnx] through the generator, and loaded at run time with LoadOnnx: both compute PyTorch's outputs.
/// </summary>
public sealed class BuildTimeImportTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private delegate void SpanPredict<T>(ReadOnlySpan<T> input, Span<T> output);

    [Theory]
    [MemberData(nameof(ImportFixtures.Accepted), MemberType = typeof(ImportFixtures))]
    public void ImportOnnx_Fixture_ComputesPyTorchsOutputs(string name)
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

    [Theory]
    [MemberData(nameof(ImportFixtures.Accepted), MemberType = typeof(ImportFixtures))]
    public void ImportOnnx_FloatFixtureIntoDoubleNetwork_WidensExactly(string name)
    {
        ImportFixture fixture = ImportFixtures.Load(name);
        Check<double>(fixture, ", Precision = NetGen.Precision.Double");
    }

    [Fact]
    public void ImportOnnx_BinaryAdditionalFile_ReadAsTheSameModel()
    {
        // A host that hands binary additional files over (single-byte decode) gets the same network.
        ImportFixture fixture = ImportFixtures.Load("torch_relu_softmax_op13");
        Assembly assembly = Compile(fixture, string.Empty, new BinaryAdditionalText("/project/fixtures/" + fixture.Name + ".onnx", fixture.Onnx));
        INetwork<float> net = GeneratorHarness.Create<float>(assembly, "ImportedNet");
        var output = new float[3];
        net.Predict(fixture.Inputs[0].Select(v => (float)v).ToArray(), output);
        ImportFixtures.AssertMatchesPyTorch(fixture.Outputs[0], output.Select(v => (double)v).ToArray(), fixture.Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ImportOnnx_NetGenExport_SameBits(bool asDouble)
    {
        // NetGen's own export → [ImportOnnx] at build time: the imported network starts with exactly the exported parameters.
        if (asDouble)
        {
            var source = new NetGen.Tests.Runtime.SmallClassifier();
            source.Initialize(77);
            Assembly assembly = Compile(OnnxExport.ToBytes(source), "Loss.CrossEntropy, Precision = NetGen.Precision.Double", "model.onnx");
            Assert.True(GeneratorHarness.Create<double>(assembly, "ImportedNet").Parameters.SequenceEqual(source.Parameters));
            Assert.Equal(source.Info.Topology, GeneratorHarness.Create<double>(assembly, "ImportedNet").Info.Topology);
        }
        else
        {
            var source = new NetGen.Tests.Runtime.SmallSquareNet();
            source.Initialize(78);
            Assembly assembly = Compile(OnnxExport.ToBytes(source), "Loss.MeanSquaredError", "model.onnx");
            INetwork<float> imported = GeneratorHarness.Create<float>(assembly, "ImportedNet");
            Assert.Equal(Bits(source.Parameters), Bits(imported.Parameters));
            Assert.Equal(source.Info.Topology, imported.Info.Topology);
        }
    }

    [Theory]
    [InlineData("NG0013", null, "Loss.MeanSquaredError")]
    [InlineData("NG0106", "refused_conv.onnx", "Loss.MeanSquaredError")]
    [InlineData("NG1015", "torch_logits_op17.onnx", "Loss.CrossEntropy")]
    public void ImportOnnx_FailedImport_CompilesAndMembersThrowNamingTheId(string id, string? file, string loss)
    {
        // A failed import still emits the type (so the user sees one NG error, not a cascade of CS errors).
        var files = file is null
            ? Array.Empty<Microsoft.CodeAnalysis.AdditionalText>()
            : new[] { ImportFixtures.Encoded("fixtures/model.onnx", ImportFixtures.Bytes(file)) };
        Assembly assembly = GeneratorHarness.CompileAndLoad(new[] { Source(loss, "fixtures/model.onnx") }, files);
        Type type = assembly.GetType("ImportedNet")!;
        object net = Activator.CreateInstance(type)!;
        var e = Assert.Throws<TargetInvocationException>(() => type.GetMethod("Initialize")!.Invoke(net, new object[] { 1 }));
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.Contains($"fix error {id} first", e.InnerException!.Message, StringComparison.Ordinal);
    }

    private static uint[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToUInt32Bits).ToArray();

    private void Check<T>(ImportFixture fixture, string options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assembly assembly = Compile(fixture, options, ImportFixtures.Encoded("fixtures/" + fixture.Name + ".onnx", fixture.Onnx));
        Type type = assembly.GetType("ImportedNet")!;
        var instance = (INetwork<T>)Activator.CreateInstance(type)!;
        var embedded = (SpanPredict<T>)Delegate.CreateDelegate(typeof(SpanPredict<T>), type.GetNestedType("Embedded")!.GetMethod("Predict")!);
        Assert.Equal(fixture.InputWidth, instance.Info.InputSize);

        // Run time: another instance with other weights, then LoadOnnx of the same file.
        var loaded = (INetwork<T>)Activator.CreateInstance(type)!;
        loaded.Initialize(12345);
        Assert.False(loaded.Parameters.SequenceEqual(instance.Parameters));
        loaded.LoadOnnx(new MemoryStream(fixture.Onnx), fixture.Name + ".onnx");
        Assert.True(loaded.Parameters.SequenceEqual(instance.Parameters), "LoadOnnx and [ImportOnnx] give the same parameters");

        var output = new T[instance.Info.OutputSize];
        var fromStatic = new T[instance.Info.OutputSize];
        double worst = 0;
        for (int s = 0; s < fixture.Inputs.Length; s++)
        {
            T[] input = fixture.Inputs[s].Select(T.CreateChecked).ToArray();
            instance.Predict(input, output);
            worst = Math.Max(worst, ImportFixtures.AssertMatchesPyTorch(fixture.Outputs[s], output.Select(double.CreateChecked).ToArray(), $"{fixture.Name} ({fixture.Source}), sample {s}"));
            embedded(input, fromStatic);
            Assert.Equal(output, fromStatic);
        }

        log.WriteLine($"{fixture.Name} as {typeof(T).Name}: {fixture.Inputs.Length} samples, largest relative difference from PyTorch {worst:E2}");
    }

    private static Assembly Compile(ImportFixture fixture, string options, Microsoft.CodeAnalysis.AdditionalText file) =>
        GeneratorHarness.CompileAndLoad(
            new[] { Source("Loss.MeanSquaredError" + options, "fixtures/" + fixture.Name + ".onnx") },
            new[] { file });

    private static Assembly Compile(byte[] model, string options, string path) =>
        GeneratorHarness.CompileAndLoad(new[] { Source(options, path) }, new[] { ImportFixtures.Encoded(path, model) });

    internal static string Source(string networkArguments, string path, string importOptions = "") => $$"""
        using NetGen;

        [Network({{networkArguments}})]
        [ImportOnnx("{{path}}"{{importOptions}})]
        public partial class ImportedNet;
        """;
}
