extern alias gen;

using System.Threading.Tasks;
using gen::NetGen.Generator.Analyzers;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>The four seeds' networks as their authors declared them, and as fixed.</summary>
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
}
