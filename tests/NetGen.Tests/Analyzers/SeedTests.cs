extern alias gen;

using System.Threading.Tasks;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>
/// The four seeds' networks as their authors declared them raise their diagnostics; the same networks as fixed raise
/// none (seed 4 keeps the NG2001 performance note: its 64→10 layer is looped, which is the right code for it).
/// </summary>
public class SeedTests
{
    [Fact]
    public Task Seed1_LeakyReLUOutputWithMse_RaisesNG1001() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(64, Activation.LeakyReLU)]
        [Dense(1, {|NG1001:Activation.LeakyReLU|})]
        public partial class SquareNet;
        """);

    [Fact]
    public Task Seed1_Fixed_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(64, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class SquareNet;
        """);

    [Fact]
    public Task Seed2_NoBiasSumReductionSmallReLU_RaisesNG1009NG1010NG1014() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = {|NG1014:Reduction.Sum|})]
        [Input(7)]
        [Dense(10, {|NG1010:Activation.ReLU|}, Bias = {|NG1009:false|})]
        [Dense(2, Bias = {|NG1009:false|})]
        public partial class Seed2Net;
        """);

    [Fact]
    public Task Seed2_Fixed_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(7)]
        [Dense(10, Activation.LeakyReLU)]
        [Dense(2)]
        public partial class Seed2Net;
        """);

    [Fact]
    public Task Seed3_SigmoidWithoutBiases_RaisesNG1009NG1002() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(3)]
        [Dense(4, Activation.Sigmoid, Bias = {|NG1009:false|})]
        [Dense(1, {|NG1002:Activation.Sigmoid|}, Bias = {|NG1009:false|})]
        public partial class Seed3Net;
        """);

    [Fact]
    public Task Seed3_Fixed_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.BinaryCrossEntropy)]
        [Input(3)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Seed3Net;
        """);

    [Fact]
    public Task Seed4_TanhClassScoresWithRandInit_RaisesNG1012NG1003NG1002() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(64)]
        [{|NG2001:Dense(10, Activation.Tanh, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = 0, UniformHigh = 1)|}]
        [Dense(10, {|NG1002:{|NG1003:Activation.Tanh|}|}, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = 0, UniformHigh = 1)]
        public partial class DigitsNet;
        """);

    [Fact]
    public Task Seed4_Fixed_OnlyKeepsThePerformanceNote() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(64)]
        [{|NG2001:Dense(10, Activation.Tanh)|}]
        [Dense(10, Activation.Softmax)]
        public partial class DigitsNet;
        """);
}
