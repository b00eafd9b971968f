using System;
using System.IO;
using System.Linq;
using NetGen.Onnx;

namespace NetGen.Tests.Import;

/// <summary>
/// The model compiled in by the real compiler, and LoadOnnx / LoadSafetensors at run time into a declared network:
/// PyTorch's outputs, the same parameters either way, and on any mismatch a message naming the file, the problem
/// and both topologies, with the parameters untouched.
/// </summary>
public sealed class RuntimeImportTests
{
    private static readonly ImportFixture Fixture = ImportFixtures.Load("torch_leaky_tanh_sigmoid_op11");

    private static string OnnxPath => Path.Combine(ImportFixtures.Directory, Fixture.Name + ".onnx");

    [Fact]
    public void CompiledIn_RealCompiler_ComputesPyTorchsOutputs()
    {
        Assert.Equal("3 → 6 LeakyReLU → 5 Tanh → 2 Sigmoid", CompiledLeakyTanhSigmoid.NetworkInfo.Topology);
        Assert.Equal(0.2f, CompiledLeakyTanhSigmoid.NetworkInfo.Layers[0].Alpha);
        var net = new CompiledLeakyTanhSigmoid();
        var output = new float[2];
        var fromStatic = new float[2];
        for (int s = 0; s < Fixture.Inputs.Length; s++)
        {
            float[] input = Fixture.Inputs[s].Select(v => (float)v).ToArray();
            net.Predict(input, output);
            CompiledLeakyTanhSigmoid.Embedded.Predict(input, fromStatic);
            ImportFixtures.AssertMatchesPyTorch(Fixture.Outputs[s], output.Select(v => (double)v).ToArray(), "compiled in");
            Assert.Equal(output, fromStatic);
        }
    }

    [Fact]
    public void LoadOnnx_Path_SameParametersAsCompiledIn()
    {
        var declared = new DeclaredLeakyTanhSigmoid();
        declared.LoadOnnx(OnnxPath);
        Assert.True(declared.Parameters.SequenceEqual(new CompiledLeakyTanhSigmoid().Parameters));
    }

    [Fact]
    public void LoadSafetensors_TorchStateDict_SameParametersAsOnnx()
    {
        var fromSafetensors = new DeclaredLeakyTanhSigmoid();
        fromSafetensors.LoadSafetensors(Fixture.SafetensorsPath!);
        Assert.True(fromSafetensors.Parameters.SequenceEqual(new CompiledLeakyTanhSigmoid().Parameters));
    }

    [Fact]
    public void LoadOnnx_OtherTopology_NamesFileProblemAndBothTopologies_ParametersUnchanged()
    {
        var net = new NetGen.Tests.Runtime.SmallSquareNet();
        net.Initialize(3);
        float[] before = net.Parameters.ToArray();

        var e = Assert.Throws<WeightsFormatException>(() => net.LoadOnnx(OnnxPath));

        Assert.Equal(WeightsProblem.TopologyMismatch, e.Problem);
        Assert.Equal(OnnxPath, e.Path);
        Assert.Contains($"'{OnnxPath}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("the model is 3 → 6 LeakyReLU(alpha 0.2) → 5 Tanh → 2 Sigmoid", e.Message, StringComparison.Ordinal);
        Assert.Contains("SmallSquareNet is 1 → 16 LeakyReLU → 1 Identity", e.Message, StringComparison.Ordinal);
        Assert.Contains("The parameters are unchanged", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void LoadOnnx_DoubleModelIntoFloatNetwork_PrecisionMismatch()
    {
        var net = new DeclaredLeakyTanhSigmoid();
        byte[] model = ImportFixtures.Load("torch_double_op14").Onnx;
        var e = Assert.Throws<WeightsFormatException>(() => net.LoadOnnx(new MemoryStream(model), "double.onnx"));
        Assert.Equal(WeightsProblem.PrecisionMismatch, e.Problem);
    }

    [Theory]
    [InlineData("refused_conv.onnx", WeightsProblem.Unsupported, "node 'conv1' (Conv)")]
    [InlineData("refused_external_data.onnx", WeightsProblem.Unsupported, "external data")]
    public void LoadOnnx_RefusedModel_SaysWhy(string file, WeightsProblem problem, string text)
    {
        var net = new DeclaredLeakyTanhSigmoid();
        float[] before = net.Parameters.ToArray();
        var e = Assert.Throws<WeightsFormatException>(() => net.LoadOnnx(new MemoryStream(ImportFixtures.Bytes(file)), file));
        Assert.Equal(problem, e.Problem);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, net.Parameters.ToArray());
    }

    [Fact]
    public void LoadOnnx_LogitsWithOutputActivation_LoadsIntoSoftmaxNetwork()
    {
        // The FromPyTorch sample's topology is imported; here a declared 5 → 16 ReLU → 3 Softmax takes torch_logits_op17.
        ImportFixture logits = ImportFixtures.Load("torch_logits_op17");
        var net = new DeclaredLogitsClassifier();
        var e = Assert.Throws<WeightsFormatException>(() => net.LoadOnnx(new MemoryStream(logits.Onnx), "logits.onnx"));
        Assert.Contains("5 → 16 ReLU → 3 Identity", e.Message, StringComparison.Ordinal);

        net.LoadOnnx(new MemoryStream(logits.Onnx), "logits.onnx", new OnnxImportOptions { OutputActivation = Activation.Softmax });
        var output = new float[3];
        net.Predict(logits.Inputs[0].Select(v => (float)v).ToArray(), output);
        double[] z = logits.Outputs[0];
        double max = z.Max();
        double[] softmax = z.Select(v => Math.Exp(v - max) / z.Sum(w => Math.Exp(w - max))).ToArray();
        ImportFixtures.AssertMatchesPyTorch(softmax, output.Select(v => (double)v).ToArray(), "softmax of PyTorch's logits");
    }

    [Fact]
    public void ExportThenLoadOnnx_SameBits()
    {
        var source = new DeclaredLeakyTanhSigmoid();
        source.Initialize(41);
        var target = new DeclaredLeakyTanhSigmoid();
        target.LoadOnnx(new MemoryStream(OnnxExport.ToBytes(source)));
        Assert.Equal(source.Parameters.ToArray().Select(BitConverter.SingleToUInt32Bits), target.Parameters.ToArray().Select(BitConverter.SingleToUInt32Bits));

        var doubleSource = new NetGen.Tests.Runtime.SmallClassifier();
        doubleSource.Initialize(42);
        var doubleTarget = new NetGen.Tests.Runtime.SmallClassifier();
        doubleTarget.LoadOnnx(new MemoryStream(OnnxExport.ToBytes(doubleSource)));
        Assert.Equal(doubleSource.Parameters.ToArray().Select(BitConverter.DoubleToUInt64Bits), doubleTarget.Parameters.ToArray().Select(BitConverter.DoubleToUInt64Bits));
    }
}

/// <summary>A declared classifier with the topology of torch_logits_op17 plus the softmax NetGen's CrossEntropy needs.</summary>
[Network(Loss.CrossEntropy)]
[Input(5)]
[Dense(16, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class DeclaredLogitsClassifier;
