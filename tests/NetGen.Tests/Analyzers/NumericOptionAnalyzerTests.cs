extern alias gen;

using System.Threading.Tasks;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>Numeric options and sizes that no correct code can be generated for (NG0020, NG0110, NG0111, NG1020, NG1021), each at its argument.</summary>
public class NumericOptionAnalyzerTests
{
    [Fact]
    public Task Alpha_WrittenAsDouble_Compiles() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
        [Input(2)]
        [Dense(16, Activation.LeakyReLU, Alpha = 0.3, BiasInit = 0.1)]
        [Dense(1)]
        public partial class Net;
        """);

    [Theory]
    [InlineData("Alpha", "double.PositiveInfinity")]
    [InlineData("Alpha", "double.NaN")]
    [InlineData("BiasInit", "1.0 / 0.0")]
    [InlineData("UniformLow", "double.NegativeInfinity")]
    [InlineData("UniformHigh", "double.NaN")]
    public Task NG0020_NonFiniteOption_ReportedAtValue(string option, string value) => Verify.VerifyAsync($$"""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.LeakyReLU, {{option}} = {|NG0020:{{value}}|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1021_NegativeSlope_ReportedAtAlpha() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.LeakyReLU, Alpha = {|NG1021:-0.2|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NegativeAlpha_OnAnotherActivation_IsUnused() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh, Alpha = -0.2)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1020_ReversedRange_ReportedAtUniformLow() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh, WeightInit = Init.Uniform, UniformHigh = -0.1, UniformLow = {|NG1020:0.1|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG1020_OnlyHighWritten_ReportedAtUniformHigh() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(4, Activation.Tanh, WeightInit = Init.Uniform, UniformHigh = {|NG1020:-0.1|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG0110_ParameterCountPastInt_ReportedAtUnitsOfThatLayer() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(70000)]
        [Dense({|NG0110:70000|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG0110_SizesFromConstants_ReportedAtTheConstantExpression() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(Sizes.Wide)]
        [Dense({|NG0110:Sizes.Wide * 2|})]
        public partial class Net;

        static class Sizes { public const int Wide = 50_000; }
        """);

    [Fact]
    public Task NG0111_ScratchPastInt_ReportedAtUnits() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Precision = Precision.Double)]
        [Input(1)]
        [Dense({|NG0111:100_000_000|}, Bias = false)]
        public partial class Net;
        """);
}
