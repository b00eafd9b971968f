extern alias gen;

using System;
using System.Collections.Generic;
using System.Linq;
using gen::NetGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Import;

/// <summary>The model is read once per change of its file, only the file the attribute names is read, and an unchanged model stops the pipeline.</summary>
public sealed class ImportIncrementalTests
{
    private const string Network = """
        [NetGen.Network(NetGen.Loss.MeanSquaredError)]
        [NetGen.ImportOnnx("fixtures/model.onnx")]
        public partial class ImportedNet
        {
            // A comment inside the network class.
            public int Version => 1;
        }
        """;

    private const string Other = "public static class Other { public static int Value => 1; }";

    private static readonly AdditionalText Model = ImportFixtures.Encoded("fixtures/model.onnx", ImportFixtures.Load("torch_relu_softmax_op13").Onnx);

    private static readonly AdditionalText Unrelated = new InMemoryAdditionalText("/project/notes/readme.txt", "not a model");

    [Fact]
    public void ReadOnnx_ReadsOnlyTheNamedFile()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Network, Other), GeneratorHarness.CreateDriver(Model, Unrelated));

        Assert.Equal(new[] { "New" }, GeneratorHarness.StepReasons(run, NetworkGenerator.Steps.ReadOnnx));
        Assert.Contains(run.Sources, s => s.Text.Contains("4 → 8 ReLU → 3 Softmax", StringComparison.Ordinal));
    }

    [Fact]
    public void Pipeline_UnrelatedEdit_DoesNotReadTheModelAgain()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(first, GeneratorHarness.CreateDriver(Model, Unrelated));

        SyntaxTree oldTree = first.SyntaxTrees.Last();
        Compilation second = first.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(Other.Replace("=> 1", "=> 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: oldTree.FilePath));
        GeneratorRun rerun = GeneratorHarness.Run(second, run.Driver);

        AssertAll(rerun, NetworkGenerator.Steps.ReadOnnx, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Import, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Emit, "Cached", "Unchanged");
    }

    [Fact]
    public void Pipeline_EditInsideNetworkClass_DoesNotReadTheModelAgain()
    {
        CSharpCompilation first = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(first, GeneratorHarness.CreateDriver(Model));

        SyntaxTree oldTree = first.SyntaxTrees.First();
        string edited = Network.Replace("// A comment inside the network class.", "// Edited.", StringComparison.Ordinal);
        GeneratorRun rerun = GeneratorHarness.Run(first.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions, path: oldTree.FilePath)), run.Driver);

        AssertAll(rerun, NetworkGenerator.Steps.ReadOnnx, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Import, "Cached", "Unchanged");
        AssertAll(rerun, NetworkGenerator.Steps.Lower, "Cached", "Unchanged");
    }

    [Fact]
    public void Pipeline_ModelFileChanges_ReadsItAgainAndReEmits()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Network, Other);
        GeneratorRun run = GeneratorHarness.Run(compilation, GeneratorHarness.CreateDriver(Model, Unrelated));

        AdditionalText changed = ImportFixtures.Encoded("fixtures/model.onnx", ImportFixtures.Load("keras_relu_softmax_op13").Onnx);
        GeneratorDriver driver = run.Driver.ReplaceAdditionalText(Model, changed);
        GeneratorRun rerun = GeneratorHarness.Run(compilation, driver);

        Assert.Contains("Modified", GeneratorHarness.StepReasons(rerun, NetworkGenerator.Steps.ReadOnnx));
        Assert.Contains("Modified", GeneratorHarness.StepReasons(rerun, NetworkGenerator.Steps.Import));
        Assert.Contains(rerun.Sources, s => s.Text.Contains("4 → 10 ReLU → 3 Softmax", StringComparison.Ordinal));
    }

    [Fact]
    public void Pipeline_SameModelTwice_GivesEqualSpecs()
    {
        var first = gen::NetGen.Generator.Import.OnnxFileReader.Read(Model.Path, Model.GetText());
        var second = gen::NetGen.Generator.Import.OnnxFileReader.Read(Model.Path, Model.GetText());
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    private static void AssertAll(GeneratorRun run, string step, params string[] allowed)
    {
        List<string> reasons = GeneratorHarness.StepReasons(run, step).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Contains(r, allowed));
    }
}
