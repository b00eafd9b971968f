extern alias gen;

using System.IO;
using Microsoft.CodeAnalysis.Diagnostics;
using System.Text;
using System.Threading.Tasks;
using NetGen.Tests.Embedded;

namespace NetGen.Tests.Analyzers;

/// <summary>The compile-time errors of [EmbeddedWeights], each at the path argument and naming the file.</summary>
public sealed class EmbeddedWeightsAnalyzerTests
{
    private const string Declaration = """
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [EmbeddedWeights({|#0:"models/square.weights.txt"|})]
        [Input(1)]
        [Dense(16, Activation.LeakyReLU, Alpha = 0.05f)]
        [Dense(1)]
        public partial class Net;
        """;

    private static string ValidText => EmbeddedWeightsTests.SaveText(new EmbedSquareNet());

    [Fact]
    public Task NG0009_FileNotListed_ReportedAtPath() =>
        Run(Declaration, null, Diagnostic("NG0009").WithArguments("models/square.weights.txt"));

    [Fact]
    public async Task NG0010_ListedButUnreadable_ReportedAtPath()
    {
        // The testing package's additional files are always readable, so this one drives the analyzer directly with
        // an additional file whose text the compiler cannot give (as for a listed file missing on disk).
        string source = Declaration.Replace("{|#0:", string.Empty).Replace("|}", string.Empty);
        var compilation = NetGen.Tests.Infrastructure.GeneratorHarness.CreateCompilation(source);
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(
            System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.AdditionalText>(
                new NetGen.Tests.Infrastructure.InMemoryAdditionalText("/repo/app/models/square.weights.txt", null)));
        var diagnostics = await compilation
            .WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new gen::NetGen.Generator.Analyzers.NetworkAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();

        var diagnostic = Assert.Single(diagnostics, d => d.Id.StartsWith("NG00", System.StringComparison.Ordinal));
        Assert.Equal("NG0010", diagnostic.Id);
        int start = source.IndexOf("\"models/square.weights.txt\"", System.StringComparison.Ordinal);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(start, "\"models/square.weights.txt\"".Length), diagnostic.Location.SourceSpan);
        Assert.Contains("'models/square.weights.txt' is listed as an additional file but cannot be read", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public Task NG0011_BinaryOrCorruptContent_ReportedAtPathWithReason()
    {
        return Run(Declaration, ("models/square.weights.txt", "\u0089NGW binary bytes"),
            Diagnostic("NG0011").WithArguments("models/square.weights.txt", "it does not start with the line 'netgen-weights 1' of the text form (embed the text form: Save(path, WeightsFormat.Text))"));
    }

    [Fact]
    public Task NG0011_ChecksumMismatch_ReportedAtPath()
    {
        string text = ValidText;
        int at = text.IndexOf("0x", text.IndexOf("\nweights 1", System.StringComparison.Ordinal), System.StringComparison.Ordinal) + 2;
        string corrupted = text[..at] + (text[at] == 'F' ? 'E' : 'F') + text[(at + 1)..];
        return Run(Declaration, ("models/square.weights.txt", corrupted), new Microsoft.CodeAnalysis.Testing.DiagnosticResult("NG0011", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0));
    }

    [Fact]
    public Task NG0105_OtherTopology_ReportedAtPathWithBothTopologies() => Run(
        Declaration.Replace("Dense(16,", "Dense(8,", System.StringComparison.Ordinal),
        ("models/square.weights.txt", ValidText),
        Diagnostic("NG0105").WithArguments(
            "models/square.weights.txt",
            "1 → 16 LeakyReLU(alpha 0.05) → 1 Identity, single precision, 49 parameters",
            "Net",
            "1 → 8 LeakyReLU(alpha 0.05) → 1 Identity, single precision, 25 parameters"));

    [Fact]
    public Task EmbeddedWeights_MatchingFile_IsSilent() => Run(Declaration.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), ("models/square.weights.txt", ValidText));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Diagnostic(string id) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(id, Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0);

    private static Task Run(string source, (string Path, string? Text)? file, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer> { TestCode = source };
        if (file is { } f)
        {
            test.TestState.AdditionalFiles.Add((f.Path, Microsoft.CodeAnalysis.Text.SourceText.From(f.Text!, Encoding.UTF8)));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
