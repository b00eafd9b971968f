extern alias gen;

using System;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Training;
using gen::NetGen.Generator.Analyzers;
using Known = gen::NetGen.Generator.KnownNames;

namespace NetGen.Tests.Analyzers;

/// <summary>
/// The NG3xxx call-site checks, compiled against the real NetGen assembly (and, for the span lengths, with the real
/// generator, so that Predict and friends exist). The negative tests declare look-alikes of NetGen's members, with the
/// same names and even in NetGen's namespaces, to show that calls are matched by symbol and not by name.
/// </summary>
public class CallSiteAnalyzerTests
{
    private const string Network = """
        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.LeakyReLU)]
        [Dense(3)]
        public partial class Net;

        """;

    /// <summary>Compiles usings, <see cref="Network"/>, <paramref name="body"/> as a method body and <paramref name="declarations"/>.</summary>
    private static Task VerifyAsync(string body, string declarations = "", string usings = "")
    {
        var test = new NetGenAnalyzerTest<CallSiteAnalyzer>
        {
            RunGenerator = true,
            TestCode = "using System;\nusing NetGen;\nusing NetGen.Training;\n" + usings + "\n" + Network +
                "public static class Program\n{\n    public static void Run()\n    {\n" + body + "\n    }\n}\n" + declarations,
        };
        return test.RunAsync();
    }

    [Fact]
    public void KnownNames_OfTheCallSiteApi_EqualTheRuntimeNames()
    {
        Assert.Equal(Known.Optimizer, typeof(Optimizer).FullName);
        Assert.Equal(Known.Sgd, typeof(Sgd).FullName);
        Assert.Equal(Known.Adam, typeof(Adam).FullName);
        Assert.Equal(Known.AdamW, typeof(AdamW).FullName);
        Assert.Equal(Known.Predict, nameof(INetwork<float>.Predict));
        Assert.Equal(Known.AccumulateGradients, nameof(INetwork<float>.AccumulateGradients));
        Assert.Equal(Known.Trace, nameof(INetwork<float>.Trace));
        Assert.Equal(Known.LearningRate, nameof(Optimizer.LearningRate));
        Assert.Equal(Known.WeightDecay, nameof(Optimizer.WeightDecay));
        Assert.Equal(Known.Momentum, nameof(Sgd.Momentum));
        Assert.Equal(Known.Beta1, nameof(Adam.Beta1));
        Assert.Equal(Known.Beta2, nameof(Adam.Beta2));
        Assert.Equal(Known.Epsilon, nameof(Adam.Epsilon));
    }

    // NG3001: span lengths.

    [Fact]
    public Task NG3001_PredictWithWrongArrayLengths_ReportedAtEachArgument() => VerifyAsync("""
        var net = new Net();
        net.Predict({|NG3001:new float[3]|}, {|NG3001:new float[1]|});
        """);

    [Fact]
    public Task NG3001_AccumulateGradientsWithInitializersAndCollectionExpression_Reported() => VerifyAsync("""
        var net = new Net();
        float loss = net.AccumulateGradients({|NG3001:new float[] { 1f, 2f, 3f }|}, {|NG3001:[1f, 2f]|});
        """);

    [Fact]
    public Task NG3001_StackallocLocal_ReportedAtTheLocal() => VerifyAsync("""
        var net = new Net();
        Span<float> output = stackalloc float[2];
        ReadOnlySpan<float> input = stackalloc float[] { 1f, 2f };
        net.Predict(input, {|NG3001:output|});
        """);

    [Fact]
    public Task NG3001_ConstantSizeLocalArray_ReportedAtTheLocal() => VerifyAsync("""
        const int Width = 5;
        var net = new Net();
        var input = new float[Width];
        var layerOutputs = new float[7];
        net.Trace({|NG3001:input|}, layerOutputs);
        """);

    [Fact]
    public Task NG3001_NamedArgumentsInAnyOrder_CheckedByParameter() => VerifyAsync("""
        var net = new Net();
        net.Predict(output: {|NG3001:new float[2]|}, input: new float[2]);
        """);

    [Fact]
    public Task NG3001_CallThroughTheInterfaceOnAKnownNetwork_Reported() => VerifyAsync("""
        var net = new Net();
        ((INetwork<float>)net).Predict({|NG3001:new float[3]|}, new float[3]);
        INetwork<float> unknown = net;
        unknown.Predict(new float[3], new float[3]);
        """);

    [Fact]
    public Task NG3001_NetworkThroughAnAlias_Reported() => VerifyAsync(
        """
        var net = new Model();
        net.Trace(new float[2], {|NG3001:new float[3]|});
        """,
        usings: "using Model = Net;");

    [Fact]
    public Task NG3001_SgdStepBothOverloadsAndEvaluateLoss_ReportedAtEachArgument() => VerifyAsync("""
        var net = new Net();
        net.SgdStep({|NG3001:new float[3]|}, new float[3], 0.01f);
        net.SgdStep(new float[2], {|NG3001:new float[2]|}, 0.01f, out int correct);
        float loss = net.EvaluateLoss({|NG3001:new float[1]|}, {|NG3001:[1f, 2f]|});
        ((INetwork<float>)net).SgdStep({|NG3001:stackalloc float[4]|}, new float[3], 0.01f, out _);
        """);

    [Fact]
    public Task NG3001_RightLengths_IsSilent() => VerifyAsync("""
        var net = new Net();
        var output = new float[Net.OutputSize];
        net.Predict(new float[] { 1f, 2f }, output);
        net.AccumulateGradients([1f, 2f], stackalloc float[3]);
        net.Trace(new float[2], new float[7]);
        net.SgdStep(new float[2], new float[3], 0.01f);
        net.SgdStep(new float[2], new float[3], 0.01f, out int correct);
        net.EvaluateLoss(new float[2], [1f, 2f, 3f]);
        net.PredictBatch(new float[4], new float[6], 2);
        """);

    [Fact]
    public Task NG3001_ReassignedOrUnknownLengths_IsSilent() => VerifyAsync("""
        var net = new Net();
        var input = new float[3];
        input = new float[2];
        float[] output = new float[1];
        Resize(ref output);
        net.Predict(input, output);
        net.Predict(Make(2), Make(3));

        static float[] Make(int n) => new float[n];
        static void Resize(ref float[] a) => a = new float[3];
        """);

    [Fact]
    public Task NG3001_MethodsNamedLikeTheNetworksButNotItsMembers_AreSilent() => VerifyAsync(
        """
        var net = new Net();
        net.Trace(new float[5], new float[1]);
        net.Predict(new float[9]);
        new Lookalike().Predict(new float[3], new float[1]);
        new Lookalike().AccumulateGradients(new float[3], new float[1]);
        """,
        """
        // A user's own overload on the network, an extension and a type that only looks like a network.
        public partial class Net
        {
            public void Trace(float[] input, float[] layerOutputs) { }
        }

        public static class NetExtensions
        {
            public static void Predict(this Net net, float[] input) { }
        }

        public sealed class Lookalike
        {
            public void Predict(ReadOnlySpan<float> input, Span<float> output) { }
            public float AccumulateGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> target) => 0f;
        }
        """);

    // NG3002 and NG3003: learning rates.

    [Fact]
    public Task NG3003_TinySgdLearningRates_Reported() => VerifyAsync("""
        var a = new Sgd { LearningRate = {|NG3003:1e-6|} };
        var b = new Sgd { LearningRate = {|NG3003:1e-8f|}, Momentum = 0.9 };
        """);

    [Fact]
    public Task NG3003_LargeAdamLearningRates_ReportedAlsoInsideTrainerOptions() => VerifyAsync("""
        var a = new Adam { LearningRate = {|NG3003:0.5|} };
        var b = new AdamW { LearningRate = {|NG3003:1|} };
        var options = new TrainerOptions { Epochs = 3, Optimizer = new Adam { LearningRate = {|NG3003:0.2|} } };
        """);

    [Fact]
    public Task NG3003_OptimizerThroughAnAliasAndConstantThroughUsingStatic_Reported() => VerifyAsync(
        """
        var a = new Optim { LearningRate = {|NG3003:0.5|} };
        var b = new Sgd { LearningRate = {|NG3003:Tiny|} };
        """,
        "public static class Rates\n{\n    public const double Tiny = 1e-9;\n}\n",
        "using Optim = NetGen.Training.Adam;\nusing static Rates;");

    [Fact]
    public Task NG3002_NonPositiveLearningRates_Reported() => VerifyAsync("""
        var a = new Sgd { LearningRate = {|NG3002:0|} };
        var b = new Adam { LearningRate = {|NG3002:-0.001f|} };
        var c = new AdamW { LearningRate = {|NG3002:-1e-3|} };
        """);

    [Fact]
    public Task LearningRates_PlausibleOrNotConstant_IsSilent() => VerifyAsync("""
        double tuned = 1e-9;
        var a = new Sgd { LearningRate = 0.01, Momentum = 0.9 };
        var b = new Sgd { LearningRate = 1e-4 };
        var c = new Adam { LearningRate = 1e-3 };
        var d = new AdamW { LearningRate = 1e-5 };
        var e = new Sgd { LearningRate = tuned };
        var f = new Sgd { LearningRate = 1.0 };
        """);

    // NG3004: momentum and betas.

    [Fact]
    public Task NG3004_MomentumAndBetasOutsideUnitInterval_Reported() => VerifyAsync("""
        var a = new Sgd { LearningRate = 0.01, Momentum = {|NG3004:1|} };
        var b = new Sgd { Momentum = {|NG3004:-0.5f|} };
        var c = new Adam { Beta1 = {|NG3004:1.2|}, Beta2 = {|NG3004:1|} };
        var d = new AdamW { Beta1 = {|NG3004:-0.1|} };
        """);

    [Fact]
    public Task NG3004_MomentumAndBetasInside_IsSilent() => VerifyAsync("""
        var a = new Sgd { Momentum = 0 };
        var b = new Adam { Beta1 = 0.9, Beta2 = 0.999 };
        var c = new AdamW { Beta2 = 0.98 };
        """);

    // NG3005: epsilon.

    [Fact]
    public Task NG3005_NonPositiveEpsilon_Reported() => VerifyAsync("""
        var a = new Adam { Epsilon = {|NG3005:0|} };
        var b = new AdamW { Epsilon = {|NG3005:-1e-8|} };
        """);

    [Fact]
    public Task NG3005_PositiveEpsilon_IsSilent() => VerifyAsync("""
        var a = new Adam { Epsilon = 1e-7 };
        """);

    // NG3006: L2 decay with Adam.

    [Fact]
    public Task NG3006_WeightDecayWithAdam_Reported() => VerifyAsync("""
        var a = new Adam { WeightDecay = {|NG3006:1e-4|} };
        var b = new Adam { LearningRate = 0.001, WeightDecay = {|NG3006:0.01f|} };
        """);

    [Fact]
    public Task NG3006_WeightDecayWithAdamWOrSgd_IsSilent() => VerifyAsync("""
        var a = new AdamW { WeightDecay = 0.01 };
        var b = new Sgd { LearningRate = 0.01, WeightDecay = 1e-4 };
        var c = new Adam { WeightDecay = 0 };
        """);

    [Fact]
    public Task HyperParameters_InTheConstructorOfADerivedOptimizer_CheckedAsItsBase() => VerifyAsync(
        "var a = new TunedAdam();",
        """
        public sealed class TunedAdam : Adam
        {
            public TunedAdam()
            {
                LearningRate = {|NG3003:0.5|};
                WeightDecay = {|NG3006:0.1|};
                Epsilon = {|NG3005:0|};
            }
        }
        """);

    [Fact]
    public Task HyperParameters_PropertiesWithTheSameNamesOnOtherTypes_AreIgnored() => VerifyAsync(
        """
        var a = new MyOptimizers.Adam { LearningRate = 0, Beta1 = 2, Epsilon = 0, WeightDecay = 1 };
        var b = new NetGen.Training.Rmsprop { LearningRate = -1, Momentum = 5 };
        var c = new Settings { LearningRate = 1e-9, Momentum = 1 };
        """,
        """
        namespace MyOptimizers
        {
            public sealed class Adam
            {
                public double LearningRate { get; set; }
                public double Beta1 { get; set; }
                public double Epsilon { get; set; }
                public double WeightDecay { get; set; }
            }
        }

        namespace NetGen.Training
        {
            // In NetGen's own namespace, but not NetGen's.
            public sealed class Rmsprop
            {
                public double LearningRate { get; set; }
                public double Momentum { get; set; }
            }
        }

        public sealed class Settings
        {
            public double LearningRate { get; set; }
            public double Momentum { get; set; }
        }
        """);

    [Fact]
    public async Task WithoutNetGenReferenced_NothingIsChecked()
    {
        // Only the framework: a type that happens to be called NetGen.Training.Sgd is not NetGen's.
        var test = new NetGenAnalyzerTest<CallSiteAnalyzer>
        {
            TestCode = """
                namespace NetGen.Training
                {
                    public sealed class Sgd
                    {
                        public double LearningRate { get; init; }
                        public double Momentum { get; init; }
                    }
                }

                public static class Program
                {
                    public static object Run() => new NetGen.Training.Sgd { LearningRate = 0, Momentum = 2 };
                }
                """,
        };
        string netGen = typeof(INetwork<>).Assembly.Location;
        test.TestState.AdditionalReferences.Clear();
        test.TestState.AdditionalReferences.AddRange(
            AnalyzerTestSetup.References.Where(r => !string.Equals(((Microsoft.CodeAnalysis.PortableExecutableReference)r).FilePath, netGen, StringComparison.Ordinal)));
        await test.RunAsync();
    }
}
