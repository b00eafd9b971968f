extern alias gen;

using System;
using System.Linq;
using gen::NetGen.Generator.Model;
using gen::NetGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using GenActivation = gen::NetGen.Activation;
using GenInit = gen::NetGen.Init;
using GenLoss = gen::NetGen.Loss;
using GenPrecision = gen::NetGen.Precision;
using GenReduction = gen::NetGen.Reduction;
using GenUnrolling = gen::NetGen.Unrolling;

namespace NetGen.Tests.Parsing;

/// <summary>Source in, <see cref="NetworkSpec"/> out, compared by record equality; no emitter involved.</summary>
public sealed class NetworkParserTests
{
    [Fact]
    public void Parse_FullDeclaration_GivesEverySetting()
    {
        NetworkSpec spec = Parse("""
            namespace App.Models;

            [NetGen.Network(NetGen.Loss.CrossEntropy, Reduction = NetGen.Reduction.Sum, Precision = NetGen.Precision.Double, Unrolling = NetGen.Unrolling.Loops)]
            [NetGen.Input(64)]
            [NetGen.Dense(10, NetGen.Activation.LeakyReLU, Bias = false, Alpha = 0.2, WeightInit = NetGen.Init.Uniform, UniformLow = 0, UniformHigh = 1, BiasInit = 0.1)]
            [NetGen.Dense(10, NetGen.Activation.Softmax)]
            public partial class Digits;
            """, "App.Models.Digits");

        var expected = new NetworkSpec(
            "App.Models",
            new EquatableArray<TypeDeclSpec>(new[] { new TypeDeclSpec("class", "Digits") }),
            GenLoss.CrossEntropy,
            GenReduction.Sum,
            GenPrecision.Double,
            GenUnrolling.Loops,
            64,
            new EquatableArray<LayerSpec>(new[]
            {
                new LayerSpec(10, GenActivation.LeakyReLU, false, 0.2, GenInit.Uniform, 0.1, 0, 1),
                new LayerSpec(10, GenActivation.Softmax, true, 0.01, GenInit.Auto, 0, -0.05, 0.05),
            }),
            ErrorId: null);
        Assert.Equal(expected, spec);
    }

    [Fact]
    public void Parse_ImportOnnxWithoutLayers_IsNotAnErrorAndCarriesPathAndOutputActivation()
    {
        NetworkSpec spec = Parse("""
            [NetGen.Network(NetGen.Loss.CrossEntropy)]
            [NetGen.ImportOnnx("models/iris.onnx", OutputActivation = NetGen.Activation.Softmax)]
            public partial class IrisNet;
            """, "IrisNet");

        var expected = new NetworkSpec(
            string.Empty,
            new EquatableArray<TypeDeclSpec>(new[] { new TypeDeclSpec("class", "IrisNet") }),
            GenLoss.CrossEntropy,
            GenReduction.Mean,
            GenPrecision.Single,
            GenUnrolling.Auto,
            0,
            new EquatableArray<LayerSpec>(Array.Empty<LayerSpec>()),
            ErrorId: null,
            ImportOnnxPath: "models/iris.onnx",
            ImportOutputActivation: GenActivation.Softmax);
        Assert.Equal(expected, spec);
    }

    [Fact]
    public void Parse_Defaults_AreThoseOfDesign()
    {
        NetworkSpec spec = Parse("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(1)]
            [NetGen.Dense(64, NetGen.Activation.LeakyReLU)]
            [NetGen.Dense(1)]
            public partial class SquareNet;
            """, "SquareNet");

        Assert.Equal(string.Empty, spec.Namespace);
        Assert.Equal(GenReduction.Mean, spec.Reduction);
        Assert.Equal(GenPrecision.Single, spec.Precision);
        Assert.Equal(new LayerSpec(64, GenActivation.LeakyReLU, true, 0.01, GenInit.Auto, 0, -0.05, 0.05), spec.Layers[0]);
        Assert.Equal(GenActivation.Identity, spec.Layers[1].Activation);
        Assert.Null(spec.ErrorId);
    }

    [Fact]
    public void Parse_LayersInSourceOrder_NotAttributeListOrder()
    {
        NetworkSpec spec = Parse("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(3), NetGen.Dense(5)]
            [NetGen.Dense(7, NetGen.Activation.Tanh)]
            [NetGen.Dense(2)]
            public partial class Net;
            """, "Net");

        Assert.Equal(new[] { 5, 7, 2 }, spec.Layers.Select(l => l.Units));
    }

    [Fact]
    public void Parse_NestedInPartialRecordAndStruct_RecordsEveryContainingType()
    {
        NetworkSpec spec = Parse("""
            namespace App;

            public partial record Outer
            {
                internal partial struct Middle
                {
                    [NetGen.Network(NetGen.Loss.MeanSquaredError)]
                    [NetGen.Input(1)]
                    [NetGen.Dense(1)]
                    private partial class Net;
                }
            }
            """, "App.Outer+Middle+Net");

        Assert.Equal(new[] { ("record", "Outer"), ("struct", "Middle"), ("class", "Net") }, spec.Types.Select(t => (t.Keyword, t.Name)));
    }

    [Fact]
    public void Parse_MissingInput_StillGivesSpecWithErrorId()
    {
        ParseResult result = ParseResult("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Dense(1)]
            public partial class Net;
            """, "Net");

        Assert.Equal("NG0002", result.Spec!.ErrorId);
        Assert.Equal("NG0002", Assert.Single(result.Problems).Id);
    }

    [Fact]
    public void Parse_NotPartial_GivesNoSpec()
    {
        ParseResult result = ParseResult("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Input(1)]
            [NetGen.Dense(1)]
            public class Net { }
            """, "Net");

        Assert.Null(result.Spec);
        Assert.Equal("NG0001", Assert.Single(result.Problems).Id);
    }

    [Fact]
    public void KnownNames_EqualTheRuntimeTypesFullNames()
    {
        Assert.Equal(gen::NetGen.Generator.KnownNames.NetworkAttribute, typeof(NetworkAttribute).FullName);
        Assert.Equal(gen::NetGen.Generator.KnownNames.InputAttribute, typeof(InputAttribute).FullName);
        Assert.Equal(gen::NetGen.Generator.KnownNames.DenseAttribute, typeof(DenseAttribute).FullName);
        Assert.Equal(gen::NetGen.Generator.KnownNames.INetwork, typeof(INetwork<>).FullName);
        Assert.Equal(gen::NetGen.Generator.KnownNames.EmbeddedWeightsAttribute, typeof(EmbeddedWeightsAttribute).FullName);
        Assert.Equal(gen::NetGen.Generator.KnownNames.ImportOnnxAttribute, typeof(ImportOnnxAttribute).FullName);
    }

    [Fact]
    public void SharedEnums_HaveTheSameMembersOnBothSides()
    {
        AssertSameEnum<Activation, GenActivation>();
        AssertSameEnum<Loss, GenLoss>();
        AssertSameEnum<Reduction, GenReduction>();
        AssertSameEnum<Precision, GenPrecision>();
        AssertSameEnum<Init, GenInit>();
        AssertSameEnum<Unrolling, GenUnrolling>();
    }

    private static void AssertSameEnum<TRuntime, TGenerator>()
        where TRuntime : struct, Enum
        where TGenerator : struct, Enum
    {
        Assert.Equal(
            Enum.GetValues<TRuntime>().Select(v => (v.ToString(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))),
            Enum.GetValues<TGenerator>().Select(v => (v.ToString(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static NetworkSpec Parse(string source, string metadataName)
    {
        ParseResult result = ParseResult(source, metadataName);
        Assert.Empty(result.Problems);
        return result.Spec!;
    }

    private static ParseResult ParseResult(string source, string metadataName)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        INamedTypeSymbol type = compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException(metadataName);
        return NetworkParser.Parse(type, default);
    }
}
