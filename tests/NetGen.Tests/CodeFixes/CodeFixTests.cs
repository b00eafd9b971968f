extern alias gen;

using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using NetGen.CodeFixes;
using NetGen.Tests.Analyzers;
using gen::NetGen.Generator.Analyzers;

namespace NetGen.Tests.CodeFixes;

/// <summary>
/// Every code fix, before and after. Tests with several diagnostics also exercise Fix All (document, project and
/// solution scopes, through the batch fixer): CodeFix.Testing checks that fixing one by one and all at once agree.
/// </summary>
public class CodeFixTests
{
    private static Task Fix<TCodeFix>(string source, string fixedSource)
        where TCodeFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new() =>
        NetGenCodeFixTest<NetworkAnalyzer, TCodeFix>.VerifyAsync(source, fixedSource);

    // NG1001

    [Fact]
    public Task NG1001_LeakyReLUOutput_BecomesIdentity() => Fix<UseIdentityOutputCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(64, Activation.LeakyReLU)]
        [Dense(1, {|NG1001:Activation.LeakyReLU|})]
        public partial class SquareNet;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(64, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class SquareNet;
        """);

    [Fact]
    public Task NG1001_FixAll_RemovesPositionalAndNamedActivations() => Fix<UseIdentityOutputCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(1, {|NG1001:Activation.ReLU|}, Bias = true)]
        public partial class A;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(units: 1, activation: {|NG1001:Activation.LeakyReLU|})]
        public partial class B;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(1, Bias = true)]
        public partial class A;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(units: 1)]
        public partial class B;
        """);

    // NG1003

    [Fact]
    public Task NG1003_OmittedActivation_AddsSoftmaxAndCrossEntropy() => Fix<UseSoftmaxCrossEntropyCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(4)]
        [Dense(8, Activation.LeakyReLU)]
        [{|NG1003:Dense(3)|}]
        public partial class Classifier;
        """, """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(3, Activation.Softmax)]
        public partial class Classifier;
        """);

    [Fact]
    public Task NG1003_FixAll_ReplacesActivationsAndLosses() => Fix<UseSoftmaxCrossEntropyCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(4)]
        [Dense(4, {|NG1002:{|NG1003:Activation.Sigmoid|}|}, Bias = true)]
        public partial class A;

        [Network(NetGen.Loss.MeanSquaredError)]
        [Input(4)]
        [{|NG1003:Dense(units: 5)|}]
        public partial class B;
        """, """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(4, Activation.Softmax, Bias = true)]
        public partial class A;

        [Network(NetGen.Loss.CrossEntropy)]
        [Input(4)]
        [Dense(units: 5, activation: Activation.Softmax)]
        public partial class B;
        """);

    // NG1004

    [Fact]
    public Task NG1004_FixAll_UsesCrossEntropy() => Fix<UseCrossEntropyCodeFixProvider>("""
        using NetGen;

        [Network({|NG1004:Loss.MeanSquaredError|})]
        [Input(4)]
        [Dense(3, Activation.Softmax)]
        public partial class A;

        [Network({|NG1004:NetGen.Loss.MeanSquaredError|}, Reduction = Reduction.Mean)]
        [Input(4)]
        [Dense(3, Activation.Softmax)]
        public partial class B;
        """, """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(3, Activation.Softmax)]
        public partial class A;

        [Network(NetGen.Loss.CrossEntropy, Reduction = Reduction.Mean)]
        [Input(4)]
        [Dense(3, Activation.Softmax)]
        public partial class B;
        """);

    // NG1005

    [Fact]
    public Task NG1005_SingleSoftmaxOutputWithCrossEntropy_BecomesSigmoidWithBinaryCrossEntropy() => Fix<UseSigmoidCodeFixProvider>("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(1, {|NG1005:Activation.Softmax|})]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1005_FixAll_KeepsOtherLosses() => Fix<UseSigmoidCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, {|NG1005:Activation.Softmax|})]
        [Dense(1)]
        public partial class A;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [Dense(1, {|NG1005:Activation.Softmax|})]
        public partial class B;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, Activation.Sigmoid)]
        [Dense(1)]
        public partial class A;

        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(1, Activation.Sigmoid)]
        public partial class B;
        """);

    // NG1009

    [Fact]
    public Task NG1009_BiasFalse_IsRemovedKeepingOtherArguments() => Fix<AddBiasCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, Bias = {|NG1009:false|}, WeightInit = Init.GlorotUniform)]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, WeightInit = Init.GlorotUniform)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1009_FixAll_GivesEveryLayerABias() => Fix<AddBiasCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(7)]
        [Dense(16, Activation.LeakyReLU, Bias = {|NG1009:false|})]
        [Dense(2, Bias = {|NG1009:false|})]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(7)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(2)]
        public partial class Net;
        """);

    // NG1011

    [Fact]
    public Task NG1011_FixAll_UsesAutoInit() => Fix<ConstantInitCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU, WeightInit = {|NG1011:Init.Zeros|})]
        [Dense(8, Activation.LeakyReLU, WeightInit = {|NG1011:Init.Uniform|}, UniformLow = 0.1f, UniformHigh = 0.1f, BiasInit = 0.01f)]
        [Dense(1)]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU, BiasInit = 0.01f)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1012

    [Fact]
    public Task NG1012_FixAll_ReplacesTheRandPatternByAutoInit() => Fix<BadUniformInitCodeFixProvider>("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(8, Activation.Tanh, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = 0, UniformHigh = 1)]
        [Dense(3, Activation.Softmax, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = 0, UniformHigh = 1)]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(4)]
        [Dense(8, Activation.Tanh)]
        [Dense(3, Activation.Softmax)]
        public partial class Net;
        """);

    // NG1013

    [Fact]
    public Task NG1013_HeBeforeTanh_UsesAutoInit() => Fix<InitActivationMismatchCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.Tanh, WeightInit = {|NG1013:Init.HeNormal|})]
        [Dense(1)]
        public partial class Net;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.Tanh)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1014

    [Fact]
    public Task NG1014_FixAll_UsesMeanReduction() => Fix<UseMeanReductionCodeFixProvider>("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = {|NG1014:Reduction.Sum|})]
        [Input(2)]
        [Dense(1)]
        public partial class A;

        [Network(Loss.MeanSquaredError, Reduction = {|NG1014:Reduction.Sum|}, Precision = Precision.Double)]
        [Input(2)]
        [Dense(1)]
        public partial class B;
        """, """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1)]
        public partial class A;

        [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
        [Input(2)]
        [Dense(1)]
        public partial class B;
        """);

    // NG2002

    [Fact]
    public Task NG2002_FullUnrolling_BecomesAutoAndTheLayerIsLooped()
    {
        var test = new NetGenCodeFixTest<NetworkAnalyzer, UseAutoUnrollingCodeFixProvider>
        {
            TestCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError, Unrolling = {|NG2002:Unrolling.Full|})]
                [Input(64)]
                [Dense(16, Activation.LeakyReLU)]
                [Dense(1)]
                public partial class Net;
                """,
            FixedCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError)]
                [Input(64)]
                [{|NG2001:Dense(16, Activation.LeakyReLU)|}]
                [Dense(1)]
                public partial class Net;
                """,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task CodeActions_HaveStableEquivalenceKeys()
    {
        var test = new NetGenCodeFixTest<NetworkAnalyzer, AddBiasCodeFixProvider>
        {
            TestCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError)]
                [Input(2)]
                [Dense(1, Bias = {|NG1009:false|})]
                public partial class Net;
                """,
            FixedCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError)]
                [Input(2)]
                [Dense(1)]
                public partial class Net;
                """,
            CodeActionEquivalenceKey = "NG1009.RemoveBiasFalse",
        };
        return test.RunAsync();
    }
}
