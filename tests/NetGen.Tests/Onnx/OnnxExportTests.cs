using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using NetGen.Benchmarks.Contenders;
using NetGen.Onnx;
using NetGen.Tests.Execution;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Onnx;

/// <summary>
/// Every network of the execution catalogue (every activation as hidden and output layer, every loss, float and
/// double, layers without bias, random stacks that mix unrolled and looped layers) and every benchmark network is
/// exported, loaded in ONNX Runtime and run on a batch; its outputs must equal Predict's.
/// </summary>
public sealed class OnnxExportTests : IClassFixture<CompiledCatalogFixture>
{
    private readonly CompiledCatalogFixture _fixture;

    public OnnxExportTests(CompiledCatalogFixture fixture) => _fixture = fixture;

    [Theory]
    [MemberData(nameof(NetworkCatalog.Names), MemberType = typeof(NetworkCatalog))]
    public void Export_CatalogNetwork_OnnxRuntimeMatchesPredict(string name)
    {
        TestTopology topology = NetworkCatalog.Get(name);
        int seed = StableSeed(name);
        if (topology.Precision == Precision.Single)
        {
            OnnxTestSupport.AssertMatchesPredict(GeneratorHarness.Create<float>(_fixture.Assembly, name), seed);
        }
        else
        {
            OnnxTestSupport.AssertMatchesPredict(GeneratorHarness.Create<double>(_fixture.Assembly, name), seed);
        }
    }

    /// <summary>A seed that is the same in every run (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string name)
    {
        int seed = 17;
        foreach (char c in name)
        {
            seed = unchecked((seed * 31) + c);
        }

        return seed;
    }

    [Theory]
    [InlineData("xsq")]
    [InlineData("sincos")]
    [InlineData("xor")]
    [InlineData("digits")]
    [InlineData("mnist")]
    [InlineData("wide")]
    [InlineData("xsq-tanh")]
    [InlineData("digits-sigmoid")]
    public void Export_BenchmarkNetwork_OnnxRuntimeMatchesPredict(string name) =>
        OnnxTestSupport.AssertMatchesPredict(ReferenceNetworks.Create(name), seed: 7, batch: 3);

    [Fact]
    public void Export_Model_DeclaresNamesDynamicBatchAndProducer()
    {
        INetwork<float> net = ReferenceNetworks.Create("digits");
        using var session = new InferenceSession(OnnxExport.ToBytes(net));

        NodeMetadata input = Assert.Single(session.InputMetadata).Value;
        Assert.Equal("input", Assert.Single(session.InputMetadata).Key);
        Assert.Equal(new[] { -1, 64 }, input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal("output", Assert.Single(session.OutputMetadata).Key);
        Assert.Equal(new[] { -1, 10 }, session.OutputMetadata["output"].Dimensions);

        ModelMetadata meta = session.ModelMetadata;
        Assert.Equal("NetGen", meta.ProducerName);
        Assert.Equal("DigitsNet", meta.GraphName);
        Assert.Equal(net.Info.Topology, meta.CustomMetadataMap["netgen.topology"]);
        Assert.Equal("CrossEntropy", meta.CustomMetadataMap["netgen.loss"]);
    }

    [Fact]
    public void Export_CustomNames_AreUsed()
    {
        INetwork<float> net = ReferenceNetworks.Create("xor");
        var options = new OnnxExportOptions { InputName = "x", OutputName = "y", BatchDimensionName = "n", GraphName = "parity" };
        using var session = new InferenceSession(OnnxExport.ToBytes(net, options));
        Assert.Equal("x", session.InputMetadata.Keys.Single());
        Assert.Equal("n", session.InputMetadata["x"].SymbolicDimensions[0]);
        Assert.Equal("y", session.OutputMetadata.Keys.Single());
        Assert.Equal("parity", session.ModelMetadata.GraphName);
    }

    [Fact]
    public void Export_IsDeterministic_AndWriteMatchesToBytes()
    {
        INetwork<float> net = ReferenceNetworks.Create("sincos");
        byte[] a = OnnxExport.ToBytes(net), b = OnnxExport.ToBytes(net);
        Assert.Equal(a, b);
        using var stream = new MemoryStream();
        OnnxExport.Write(net, stream);
        Assert.Equal(a, stream.ToArray());
    }

    [Fact]
    public void Export_UnderACultureWithAnotherMinusSign_GivesTheSameBytes()
    {
        INetwork<float> net = ReferenceNetworks.Create("digits");
        byte[] invariant;
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = OnnxExport.ToBytes(net);
            var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
            culture.NumberFormat.NegativeSign = "\u2212";
            CultureInfo.CurrentCulture = culture;
            Assert.Equal(invariant, OnnxExport.ToBytes(net));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Export_AfterParametersChange_CarriesTheNewParameters()
    {
        INetwork<float> net = ReferenceNetworks.Create("xsq");
        net.Parameters.Fill(0.25f);
        float[] output = OnnxTestSupport.Run(OnnxExport.ToBytes(net), new[] { 1f }, 1, 1);
        var expected = new float[1];
        net.Predict(new[] { 1f }, expected);
        Assert.Equal(expected[0], output[0], 5);
    }
}
