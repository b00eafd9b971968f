extern alias gen;

using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Import;

/// <summary>
/// Every compile-time error of [ImportOnnx], each at the path argument and naming what is wrong, and the analyzers'
/// checks running on the imported topology. The analyzer is driven directly so that exact spans and messages can be
/// checked for files the testing package cannot express (unreadable, binary).
/// </summary>
public sealed class ImportDiagnosticsTests
{
    private const string Path = "fixtures/model.onnx";

    [Theory]
    [MemberData(nameof(ImportFixtures.RefusedNames), MemberType = typeof(ImportFixtures))]
    public async Task NG0106_RefusedPattern_ErrorAtPathNamingNodeAndOpType(string file)
    {
        (string? node, string? opType) = ImportFixtures.Refused[file];
        string message = await SingleError("Loss.MeanSquaredError", ImportFixtures.Bytes(file), "NG0106");

        Assert.StartsWith($"The ONNX model '{Path}' cannot be imported: ", message, StringComparison.Ordinal);
        if (node is not null)
        {
            Assert.Contains($"node '{node}' ({opType})", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("refused_external_data.onnx", "stored as external data")]
    [InlineData("refused_int64_weight.onnx", "element type int64")]
    [InlineData("refused_float16_weight.onnx", "element type float16")]
    [InlineData("refused_residual.onnx", "single chain")]
    [InlineData("refused_conv.onnx", "the operator Conv is not supported")]
    [InlineData("refused_gemm_alpha.onnx", "alpha = 2 and beta = 1")]
    [InlineData("refused_softmax_axis0.onnx", "axis 0")]
    [InlineData("refused_weight_from_input.onnx", "2 inputs besides its weights")]
    public async Task NG0106_RefusedPattern_SaysWhatIsWrong(string file, string reason) =>
        Assert.Contains(reason, await SingleError("Loss.MeanSquaredError", ImportFixtures.Bytes(file), "NG0106"), StringComparison.Ordinal);

    [Fact]
    public async Task NG0106_OpsetOutsideRange_NamesTheRange()
    {
        byte[] model = OpsetTo(ImportFixtures.Load("torch_relu_softmax_op13").Onnx, 13, 8);
        Assert.Contains("operator set 8; NetGen imports opsets 9 to 21", await SingleError("Loss.MeanSquaredError", model, "NG0106"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NG0013_FileNotListed_ReportedAtPath()
    {
        string message = await SingleErrorWith("Loss.MeanSquaredError", string.Empty, "NG0013");
        Assert.Equal($"'{Path}' is not an AdditionalFiles item of this project; add <AdditionalFiles Include=\"{Path}\" /> to the project file so that NetGen can read the model at build time", message);
    }

    [Fact]
    public async Task NG0014_BinaryFileTheCompilerRefuses_ReportedAtPathNamingTheBuildStep()
    {
        string message = await SingleErrorWith("Loss.MeanSquaredError", string.Empty, "NG0014", new InMemoryAdditionalText("/project/" + Path, null));
        Assert.Contains("NetGen.targets", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NG0014_DamagedTextForm_ReportedAtPath()
    {
        var damaged = new InMemoryAdditionalText("/project/obj/netgen/" + Path + ".netgen-base64", "netgen-onnx-base64 1\n@@not base64@@\n");
        Assert.Contains("damaged", await SingleErrorWith("Loss.MeanSquaredError", string.Empty, "NG0014", damaged), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text\n")]
    [InlineData("netgen-weights 1\nprecision single\n")]
    public async Task NG0015_NotAnOnnxModel_ReportedAtPath(string content)
    {
        string message = await SingleError("Loss.MeanSquaredError", Encoding.UTF8.GetBytes(content), "NG0015");
        Assert.StartsWith($"'{Path}' is not an ONNX model (", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public async Task NG0016_TruncatedModel_ReportedAtPath(double fraction)
    {
        byte[] model = ImportFixtures.Load("torch_relu_softmax_op13").Onnx;
        string message = await SingleError("Loss.MeanSquaredError", model[..(int)(model.Length * fraction)], "NG0016");
        Assert.StartsWith($"The ONNX model '{Path}' is truncated or corrupt: it is cut short or corrupt", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NG0017_WithEmbeddedWeights_ReportedAtTheWeightsPath()
    {
        string source = """
            using NetGen;

            [Network(Loss.CrossEntropy)]
            [ImportOnnx("fixtures/model.onnx")]
            [EmbeddedWeights("models/net.weights.txt")]
            public partial class ImportedNet;
            """;
        Diagnostic diagnostic = Assert.Single(await Analyze(source, Model(ImportFixtures.Load("torch_relu_softmax_op13").Onnx)), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("NG0017", diagnostic.Id);
        AssertAt(diagnostic, source, "\"models/net.weights.txt\"");
    }

    [Fact]
    public async Task NG0107_DeclaredLayersDiffer_PrintsBothTopologies()
    {
        string message = await SingleErrorWith("Loss.CrossEntropy", "[Input(4)] [Dense(9, Activation.ReLU)] [Dense(3, Activation.Softmax)]", "NG0107",
            Model(ImportFixtures.Load("torch_relu_softmax_op13").Onnx));
        Assert.Equal(
            $"'{Path}' holds the network 4 → 8 ReLU → 3 Softmax, single precision, but 'ImportedNet' is declared as 4 → 9 ReLU → 3 Softmax, single precision; " +
            "remove [Input] and [Dense] to take the model as the declaration, or declare the network the model holds",
            message);
    }

    [Fact]
    public async Task NG0107_DoubleModelIntoFloatNetwork_Reported()
    {
        string message = await SingleError("Loss.MeanSquaredError", ImportFixtures.Load("torch_double_op14").Onnx, "NG0107");
        Assert.Contains("3 → 5 Sigmoid → 1 Identity, double precision", message, StringComparison.Ordinal);
        Assert.Contains("a network of single precision", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeclaredLayersMatch_NoDiagnostic()
    {
        var diagnostics = await AnalyzeWith("Loss.CrossEntropy", "[Input(4)] [Dense(8, Activation.ReLU)] [Dense(3, Activation.Softmax)]",
            Model(ImportFixtures.Load("torch_relu_softmax_op13").Onnx));
        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "NG1010");
    }

    [Fact]
    public async Task NG0108_OutputActivationOnModelWithActivation_Reported()
    {
        string source = BuildTimeImportTests.Source("Loss.MeanSquaredError", Path, ", OutputActivation = Activation.Sigmoid");
        Diagnostic diagnostic = Assert.Single(await Analyze(source, Model(ImportFixtures.Load("torch_relu_softmax_op13").Onnx)), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("NG0108", diagnostic.Id);
        AssertAt(diagnostic, source, $"\"{Path}\"");
        Assert.Contains("already ends with Softmax", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NG1015_LogitsWithCrossEntropy_ExplainsAndNamesTheOption()
    {
        string message = await SingleError("Loss.CrossEntropy", ImportFixtures.Load("torch_logits_op17").Onnx, "NG1015");
        Assert.Equal(
            $"The ONNX model '{Path}' ends with a linear layer (logits, as nn.CrossEntropyLoss trains it), but Loss.CrossEntropy needs a Softmax output; set OutputActivation = Activation.Softmax on [ImportOnnx]",
            message);
    }

    [Fact]
    public async Task NG1015_LogitsWithOutputActivation_NoError()
    {
        string source = BuildTimeImportTests.Source("Loss.CrossEntropy", Path, ", OutputActivation = Activation.Softmax");
        Assert.DoesNotContain(await Analyze(source, Model(ImportFixtures.Load("torch_logits_op17").Onnx)), d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public async Task NG0102_CrossEntropyOnSigmoidModel_ReportedAtPath()
    {
        Assert.Contains("uses Sigmoid", await SingleError("Loss.CrossEntropy", ImportFixtures.Load("torch_leaky_tanh_sigmoid_op11").Onnx, "NG0102"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NG1001_ImportedRegressionWithReLUOutput_ReportedAtPath()
    {
        string source = BuildTimeImportTests.Source("Loss.MeanSquaredError", Path);
        Diagnostic diagnostic = Assert.Single(await Analyze(source, Model(ImportFixtures.Load("torch_relu_output_op13").Onnx)), d => d.Id == "NG1001");
        AssertAt(diagnostic, source, $"\"{Path}\"");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
    }

    [Fact]
    public async Task NG1003_ImportedScoresWithMse_HasNoFixThatWouldEditImportOnnx()
    {
        // NG1003's fix edits a [Dense] activation; an imported network has none, so the fix must not touch [ImportOnnx].
        string source = BuildTimeImportTests.Source("Loss.MeanSquaredError", Path);
        Diagnostic diagnostic = Assert.Single(await Analyze(source, Model(ImportFixtures.Load("torch_logits_op17").Onnx)), d => d.Id == "NG1003");
        AssertAt(diagnostic, source, $"\"{Path}\"");

        var workspace = new Microsoft.CodeAnalysis.AdhocWorkspace();
        Document document = workspace.AddProject("p", LanguageNames.CSharp).AddDocument("Source0.cs", source);
        var actions = new System.Collections.Generic.List<Microsoft.CodeAnalysis.CodeActions.CodeAction>();
        var context = new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), default);
        await new NetGen.CodeFixes.UseSoftmaxCrossEntropyCodeFixProvider().RegisterCodeFixesAsync(context);
        Assert.Empty(actions);
    }

    /// <summary>The model with the default-domain opset version <paramref name="from"/> rewritten (a one-byte varint) to <paramref name="to"/>.</summary>
    internal static byte[] OpsetTo(byte[] model, byte from, byte to)
    {
        // ModelProto.opset_import is field 8 (key 0x42); torch writes it last as 42 02 10 <version> (default domain omitted).
        byte[] copy = (byte[])model.Clone();
        for (int i = copy.Length - 4; i >= 0; i--)
        {
            if (copy[i] == 0x42 && copy[i + 1] == 0x02 && copy[i + 2] == 0x10 && copy[i + 3] == from)
            {
                copy[i + 3] = to;
                return copy;
            }
        }

        throw new InvalidOperationException("no opset_import entry found");
    }

    private static AdditionalText Model(byte[] bytes) => ImportFixtures.Encoded(Path, bytes);

    private static Task<string> SingleError(string network, byte[] model, string id) => SingleErrorWith(network, string.Empty, id, Model(model));

    private static async Task<string> SingleErrorWith(string network, string layers, string id, params AdditionalText[] files)
    {
        string source = $$"""
            using NetGen;

            [Network({{network}})]
            [ImportOnnx("{{Path}}")]
            {{layers}}
            public partial class ImportedNet;
            """;
        var errors = (await Analyze(source, files)).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Diagnostic diagnostic = Assert.Single(errors);
        Assert.Equal(id, diagnostic.Id);
        AssertAt(diagnostic, source, $"\"{Path}\"");
        Assert.Equal($"https://github.com/netgen-dotnet/netgen/blob/main/docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        return diagnostic.GetMessage(CultureInfo.InvariantCulture);
    }

    private static Task<ImmutableArray<Diagnostic>> AnalyzeWith(string network, string layers, params AdditionalText[] files) =>
        Analyze($$"""
            using NetGen;

            [Network({{network}})]
            [ImportOnnx("{{Path}}")]
            {{layers}}
            public partial class ImportedNet;
            """, files);

    internal static Task<ImmutableArray<Diagnostic>> Analyze(string source, params AdditionalText[] files)
    {
        var compilation = GeneratorHarness.CreateCompilation(source);
        var options = new AnalyzerOptions(files.ToImmutableArray());
        return compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new gen::NetGen.Generator.Analyzers.NetworkAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
    }

    private static void AssertAt(Diagnostic diagnostic, string source, string literal)
    {
        int start = source.IndexOf(literal, StringComparison.Ordinal);
        Assert.Equal(new TextSpan(start, literal.Length), diagnostic.Location.SourceSpan);
    }
}
