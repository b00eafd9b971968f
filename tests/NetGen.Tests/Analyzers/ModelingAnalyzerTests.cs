extern alias gen;

using System.Threading.Tasks;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>Each NG1xxx modelling diagnostic fires at the argument that carries the mistake; the corrected declaration is silent.</summary>
public class ModelingAnalyzerTests
{
    // NG1001: ReLU or LeakyReLU output with MeanSquaredError.

    [Fact]
    public Task NG1001_ReLUOutputWithMse_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU)]
        [Dense(1, {|NG1001:Activation.ReLU|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG1001_NamedActivationArgument_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(activation: {|NG1001:Activation.LeakyReLU|}, units: 1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1001_ReLUOnHiddenLayerOnly_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.ReLU)]
        [Dense(1, Activation.Identity)]
        public partial class Net;
        """);

    // NG1002: Sigmoid or Tanh output with MeanSquaredError.

    [Fact]
    public Task NG1002_SigmoidOutputWithMse_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, {|NG1002:Activation.Sigmoid|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG1002_TanhOutputWithMse_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(2, {|NG1002:Activation.Tanh|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG1002_SigmoidOutputWithBinaryCrossEntropy_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(1, Activation.Sigmoid)]
        public partial class Net;
        """);

    // NG1003: three or more Identity, Sigmoid or Tanh outputs with MeanSquaredError.

    [Fact]
    public Task NG1003_ThreeIdentityOutputsWithMse_ReportedAtAttributeWithoutActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [{|NG1003:Dense(3)|}]
        public partial class Net;
        """);

    [Fact]
    public Task NG1003_TwoOutputs_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(2)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1003_SoftmaxWithCrossEntropy_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [Dense(3, Activation.Softmax)]
        public partial class Net;
        """);

    // NG1004: Softmax output with MeanSquaredError.

    [Fact]
    public Task NG1004_SoftmaxWithMse_ReportedAtLoss() => Verify.VerifyAsync("""
        using NetGen;

        [Network({|NG1004:Loss.MeanSquaredError|})]
        [Input(2)]
        [Dense(3, Activation.Softmax)]
        public partial class Net;
        """);

    // NG1005: Softmax on a single unit.

    [Fact]
    public Task NG1005_SoftmaxOnOneOutputUnit_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [Dense(1, {|NG1005:Activation.Softmax|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG1005_SoftmaxOnOneHiddenUnit_ReportedInsteadOfNG1006() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, {|NG1005:Activation.Softmax|})]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1006: Softmax on a hidden layer.

    [Fact]
    public Task NG1006_SoftmaxHidden_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, {|NG1006:Activation.Softmax|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1006_HiddenLeakyReLU_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1007: Identity between two Dense layers.

    [Fact]
    public Task NG1007_HiddenWithoutActivation_ReportedAtAttribute() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [{|NG1007:Dense(8)|}]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1007_HiddenExplicitIdentity_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, {|NG1007:Activation.Identity|})]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1008: four or more Sigmoid or Tanh hidden layers.

    [Fact]
    public Task NG1008_FourTanhHiddenLayers_ReportedAtTheFourth() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(4, Activation.Sigmoid)]
        [Dense(4, Activation.Tanh)]
        [Dense(4, {|NG1008:Activation.Tanh|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1008_ThreeTanhHiddenLayers_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh)]
        [Dense(4, Activation.Tanh)]
        [Dense(4, Activation.Tanh)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1009: Bias = false.

    [Fact]
    public Task NG1009_BiasFalse_ReportedAtValue() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU, Bias = {|NG1009:false|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1009_BiasTrue_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU, Bias = true)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1010: small ReLU layer whose biases start at 0 or below.

    [Fact]
    public Task NG1010_SmallReLUWithDefaultBias_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, {|NG1010:Activation.ReLU|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1010_SmallReLUWithNegativeBiasInit_ReportedAtBiasInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.ReLU, BiasInit = {|NG1010:-0.1f|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1010_SmallReLUWithPositiveBiasInit_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.ReLU, BiasInit = 0.01f)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1010_WideReLU_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.ReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    // NG1011: constant weight initialiser on a hidden layer.

    [Fact]
    public Task NG1011_ZerosOnHiddenLayer_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU, WeightInit = {|NG1011:Init.Zeros|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1011_DegenerateUniform_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU, WeightInit = {|NG1011:Init.Uniform|}, UniformLow = 0.5f, UniformHigh = 0.5f)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1011_ZerosOnOutputLayer_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU)]
        [Dense(1, WeightInit = Init.Zeros)]
        public partial class Net;
        """);

    // NG1012: uniform initialiser off-centre or much wider than He/Glorot.

    [Fact]
    public Task NG1012_AllPositiveUniform_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(32, Activation.LeakyReLU, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = 0, UniformHigh = 1)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1012_UniformMuchWiderThanGlorot_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(64)]
        [Dense(2, Activation.Tanh, WeightInit = {|NG1012:Init.Uniform|}, UniformLow = -1, UniformHigh = 1)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1012_CentredNarrowUniform_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(64)]
        [Dense(2, Activation.Tanh, WeightInit = Init.Uniform, UniformLow = -0.1f, UniformHigh = 0.1f)]
        [Dense(1, WeightInit = Init.Uniform)]
        public partial class Net;
        """);

    // NG1013: initialiser that does not suit the activation.

    [Fact]
    public Task NG1013_HeBeforeTanh_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.Tanh, WeightInit = {|NG1013:Init.HeNormal|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1013_GlorotInDeepReLUStack_ReportedAtWeightInit() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(8, Activation.LeakyReLU, WeightInit = {|NG1013:Init.GlorotUniform|})]
        [Dense(8, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1013_GlorotInShallowReLUNetworkAndBeforeTanh_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(8, Activation.LeakyReLU, WeightInit = Init.GlorotNormal)]
        [Dense(8, Activation.Tanh, WeightInit = Init.GlorotUniform)]
        [Dense(1, WeightInit = Init.HeUniform)]
        public partial class Net;
        """);

    // NG1014: Reduction.Sum.

    [Fact]
    public Task NG1014_SumReduction_ReportedAtValue() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = {|NG1014:Reduction.Sum|})]
        [Input(2)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1014_MeanReduction_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = Reduction.Mean)]
        [Input(2)]
        [Dense(1)]
        public partial class Net;
        """);

    // Modelling checks run only on networks without errors.

    [Fact]
    public Task ModelingRules_NetworkWithError_OnlyReportTheError() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
        [Input({|NG0101:0|})]
        [Dense(1, Activation.ReLU, Bias = false)]
        public partial class Net;
        """);
}
