using System.Linq;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Emit;

/// <summary>The generator never throws, whatever half-typed declaration it meets (it runs on every keystroke).</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> BrokenDeclarations => new()
    {
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(0)] [NetGen.Dense(-3)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(int.MaxValue)] [NetGen.Dense(0)] public partial class Net;",
        "[NetGen.Network((NetGen.Loss)42)] [NetGen.Input(2)] [NetGen.Dense(2, (NetGen.Activation)99)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.CrossEntropy)] [NetGen.Input(2)] [NetGen.Dense(2, NetGen.Activation.Tanh)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(x)] [NetGen.Dense()] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] public partial class Net<T>;",
        "public class Outer { [NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] public partial class Net; }",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] public partial record Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] public static partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] [NetGen.EmbeddedWeights(null!)] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] [NetGen.EmbeddedWeights(\"\")] public partial class Net;",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(2)] public partial class Net; public partial class Net { }",
        "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] public partial class Net; [NetGen.Dense(2)] public partial class Net { }",
    };

    [Theory]
    [MemberData(nameof(BrokenDeclarations))]
    public void Generator_BrokenDeclaration_DoesNotThrow(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(source));
        Assert.All(run.Driver.GetRunResult().Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void Generator_InvalidNetwork_EmitsThrowingMembersSoCallersStillCompile()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
            [NetGen.Network(NetGen.Loss.MeanSquaredError)]
            [NetGen.Dense(1)]
            public partial class Net;

            public static class Caller
            {
                public static float Use()
                {
                    var net = new Net();
                    net.Predict(new float[1], new float[1]);
                    return net.AccumulateGradients(new float[1], new float[1]) + net.SgdStep(new float[1], new float[1], 0.1f) + Net.ParameterCount;
                }
            }
            """));

        // No "member not found" cascade: the only problem left is the analyzer's NG0002 (not run here).
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Assert.Contains("fix error NG0002 first", run.Sources.Single().Text, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_RecordNetwork_CompilesAndRuns()
    {
        var assembly = GeneratorHarness.CompileAndLoad(
            "[NetGen.Network(NetGen.Loss.MeanSquaredError)] [NetGen.Input(2)] [NetGen.Dense(3, NetGen.Activation.Tanh)] [NetGen.Dense(1)] public partial record Net;");
        var net = GeneratorHarness.Create<float>(assembly, "Net");
        var y = new float[1];
        net.Predict(new float[] { 0.5f, -0.5f }, y);
        Assert.True(float.IsFinite(y[0]));
    }
}
