extern alias gen;

using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using gen::NetGen.Generator.Analyzers;

namespace NetGen.Tests.Analyzers;

/// <summary>The messages say what is wrong and what to do, with the numbers that matter.</summary>
public class MessageTests
{
    [Fact]
    public async Task NG1012_Message_NamesTheRangeAndTheRatio()
    {
        var test = new NetGenAnalyzerTest<NetworkAnalyzer>
        {
            TestCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError)]
                [Input(64)]
                [Dense(2, Activation.Tanh, WeightInit = {|#0:Init.Uniform|}, UniformLow = -1, UniformHigh = 1)]
                [Dense(1)]
                public partial class Net;
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NG1012", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("1", "Net", "-1", "1", "is 3.3 times as wide as Glorot initialisation for a fan-in of 64"));
        await test.RunAsync();
    }

    [Fact]
    public async Task NG3001_Message_NamesMethodWidthAndParameter()
    {
        var test = new NetGenAnalyzerTest<CallSiteAnalyzer>
        {
            RunGenerator = true,
            TestCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError)]
                [Input(2)]
                [Dense(1)]
                public partial class Net;

                public static class Program
                {
                    public static void Run() => new Net().Predict({|#0:new float[3]|}, new float[1]);
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NG3001", DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Net", "Predict", "2", "input", "3"));
        await test.RunAsync();
    }

    [Fact]
    public async Task NG3003_Message_GivesTheRangeForTheOptimizer()
    {
        var test = new NetGenAnalyzerTest<CallSiteAnalyzer>
        {
            TestCode = """
                public static class Program
                {
                    public static object Run() => new NetGen.Training.Sgd { LearningRate = {|#0:1e-8f|} };
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NG3003", DiagnosticSeverity.Warning).WithLocation(0)
            .WithArguments("1e-8f", "0.0001", "1", "SGD", "0.01"));
        await test.RunAsync();
    }
}
