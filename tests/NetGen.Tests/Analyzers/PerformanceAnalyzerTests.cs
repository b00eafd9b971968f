extern alias gen;

using System.Threading.Tasks;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>The NG2xxx performance diagnostics.</summary>
public class PerformanceAnalyzerTests
{
    [Fact]
    public Task NG2001_LayerAboveUnrollBudget_ReportedAtItsAttribute() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(64)]
        [{|NG2001:Dense(16, Activation.LeakyReLU)|}]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG2001_ExplicitLoops_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
        [Input(64)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG2002_FullUnrollOfLargeLayer_ReportedAtUnrolling() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Unrolling = {|NG2002:Unrolling.Full|})]
        [Input(64)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG2002_FullUnrollOfManySmallLayers_ReportedAtUnrolling() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Unrolling = {|NG2002:Unrolling.Full|})]
        [Input(16)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(16, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG2002_FullUnrollOfSmallNetwork_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
        [Input(1)]
        [Dense(64, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);
}
