extern alias gen;

using System.Threading.Tasks;
using gen::NetGen.Generator.Analyzers;

namespace NetGen.Tests.Analyzers;

/// <summary>
/// The NG3xxx call-site checks. Span lengths run with the real generator, so that Predict and friends exist. The
/// trainer API is matched by names only; these tests declare small stand-ins for it in namespace NetGen.Training.
/// </summary>
public class CallSiteAnalyzerTests
{
    private const string Network = """
        using System;
        using NetGen;
        using NetGen.Training;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.LeakyReLU)]
        [Dense(3)]
        public partial class Net;

        """;

    private const string Trainer = """

        namespace NetGen.Training
        {
            public sealed class Sgd
            {
                public Sgd(float learningRate, float momentum = 0f, bool nesterov = false, float weightDecay = 0f) { }
            }

            public sealed class Adam
            {
                public Adam(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f) { }
            }

            public sealed class AdamW
            {
                public AdamW(float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0.01f) { }
            }

            public sealed class AdamOptions
            {
                public float LearningRate { get; set; } = 0.001f;
                public float Beta1 { get; set; } = 0.9f;
                public float Beta2 { get; set; } = 0.999f;
                public float Epsilon { get; set; } = 1e-8f;
                public float WeightDecay { get; set; }
            }

            public sealed class TrainerOptions
            {
                public double LearningRate { get; set; } = 0.01;
                public int Epochs { get; set; }
            }

            public static class Trainer
            {
                public static void Fit(object network, object optimizer, int epochs = 10) { }
                public static void Fit(object network, double learningRate, int epochs = 10) { }
            }
        }
        """;

    private static Task VerifyAsync(string body)
    {
        var test = new NetGenAnalyzerTest<CallSiteAnalyzer>
        {
            RunGenerator = true,
            TestCode = Network + "public static class Program\n{\n    public static void Run()\n    {\n" + body + "\n    }\n}\n" + Trainer,
        };
        return test.RunAsync();
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
    public Task NG3001_RightLengths_IsSilent() => VerifyAsync("""
        var net = new Net();
        var output = new float[Net.OutputSize];
        net.Predict(new float[] { 1f, 2f }, output);
        net.AccumulateGradients([1f, 2f], stackalloc float[3]);
        net.Trace(new float[2], new float[7]);
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

    // NG3002 and NG3003: learning rates.

    [Fact]
    public Task NG3003_TinySgdLearningRates_Reported() => VerifyAsync("""
        var a = new Sgd({|NG3003:1e-6f|});
        var b = new Sgd(learningRate: {|NG3003:1e-8f|}, momentum: 0.9f);
        """);

    [Fact]
    public Task NG3003_LargeAdamLearningRate_Reported() => VerifyAsync("""
        var a = new Adam({|NG3003:0.5f|});
        var b = new AdamOptions { LearningRate = {|NG3003:1f|} };
        """);

    [Fact]
    public Task NG3003_UnknownOptimizer_UsesTheWidestRange() => VerifyAsync("""
        Trainer.Fit(new Net(), learningRate: {|NG3003:1e-7|});
        var options = new TrainerOptions { LearningRate = {|NG3003:5.0|}, Epochs = 3 };
        Trainer.Fit(new Net(), 0.5, 3);
        """);

    [Fact]
    public Task NG3002_NonPositiveLearningRates_Reported() => VerifyAsync("""
        var a = new Sgd({|NG3002:0f|});
        var b = new Adam(learningRate: {|NG3002:-0.001f|});
        var options = new TrainerOptions();
        options.LearningRate = {|NG3002:0|};
        """);

    [Fact]
    public Task LearningRates_PlausibleOrNotConstant_IsSilent() => VerifyAsync("""
        float tuned = 1e-9f;
        var a = new Sgd(0.01f, momentum: 0.9f);
        var b = new Sgd(1e-4f);
        var c = new Adam(1e-3f);
        var d = new AdamW(learningRate: 1e-5f);
        var e = new Sgd(tuned);
        var f = new TrainerOptions { LearningRate = 1.0 };
        """);

    // NG3004: momentum and betas.

    [Fact]
    public Task NG3004_MomentumAndBetasOutsideUnitInterval_Reported() => VerifyAsync("""
        var a = new Sgd(0.01f, momentum: {|NG3004:1f|});
        var b = new Sgd(0.01f, {|NG3004:-0.5f|});
        var c = new Adam(beta1: {|NG3004:1.2f|}, beta2: {|NG3004:1f|});
        var d = new AdamOptions { Beta1 = {|NG3004:-0.1f|} };
        """);

    [Fact]
    public Task NG3004_MomentumAndBetasInside_IsSilent() => VerifyAsync("""
        var a = new Sgd(0.01f, momentum: 0f);
        var b = new Adam(beta1: 0.9f, beta2: 0.999f);
        var c = new AdamOptions { Beta2 = 0.98f };
        """);

    // NG3005: epsilon.

    [Fact]
    public Task NG3005_NonPositiveEpsilon_Reported() => VerifyAsync("""
        var a = new Adam(epsilon: {|NG3005:0f|});
        var b = new AdamOptions { Epsilon = {|NG3005:-1e-8f|} };
        """);

    [Fact]
    public Task NG3005_PositiveEpsilon_IsSilent() => VerifyAsync("""
        var a = new Adam(epsilon: 1e-7f);
        """);

    // NG3006: L2 decay with Adam.

    [Fact]
    public Task NG3006_WeightDecayWithAdam_Reported() => VerifyAsync("""
        var a = new Adam(weightDecay: {|NG3006:1e-4f|});
        var b = new AdamOptions { WeightDecay = {|NG3006:0.01f|} };
        """);

    [Fact]
    public Task NG3006_WeightDecayWithAdamWOrSgd_IsSilent() => VerifyAsync("""
        var a = new AdamW(weightDecay: 0.01f);
        var b = new Sgd(0.01f, weightDecay: 1e-4f);
        var c = new Adam(weightDecay: 0f);
        """);

    [Fact]
    public Task HyperParameters_TypesOutsideNetGen_AreIgnored() => VerifyAsync("""
        var mine = new MyOptimizers.Adam(learningRate: 0f, beta1: 2f, epsilon: 0f, weightDecay: 1f);
        """ + "\n    }\n}\nnamespace MyOptimizers\n{\n    public sealed class Adam { public Adam(float learningRate, float beta1, float epsilon, float weightDecay) { } }\n}\nstatic class Unused\n{\n    static void M()\n    {");
}
