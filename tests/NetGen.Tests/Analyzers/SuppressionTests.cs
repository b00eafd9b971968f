extern alias gen;

using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using gen::NetGen.Generator.Analyzers;

namespace NetGen.Tests.Analyzers;

/// <summary>What the docs pages promise about suppression and severity: #pragma and .editorconfig work.</summary>
public class SuppressionTests
{
    [Fact]
    public Task Pragma_AroundDeclaration_SuppressesModelingDiagnostics() => NetGenAnalyzerTest<NetworkAnalyzer>.VerifyAsync("""
        using NetGen;

        #pragma warning disable NG1009, NG1014 // a deliberate experiment
        [Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
        [Input(2)]
        [Dense(1, Bias = false)]
        public partial class Net;
        #pragma warning restore NG1009, NG1014
        """);

    [Fact]
    public async Task EditorConfig_SeverityNone_SilencesOnlyThatDiagnostic()
    {
        var test = new NetGenAnalyzerTest<NetworkAnalyzer>
        {
            TestCode = """
                using NetGen;

                [Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
                [Input(2)]
                [Dense(1, Bias = {|#0:false|})]
                public partial class Net;
                """,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.NG1014.severity = none
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("NG1009", DiagnosticSeverity.Warning).WithLocation(0));
        await test.RunAsync();
    }
}
