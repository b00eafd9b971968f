extern alias gen;

using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Text;
using NetGen.CodeFixes;
using NetGen.Tests.Analyzers;
using gen::NetGen.Generator.Analyzers;

namespace NetGen.Tests.Import;

/// <summary>NG1015's fix: a PyTorch classifier exported as logits gets OutputActivation = Activation.Softmax (or Sigmoid).</summary>
public sealed class ImportCodeFixTests
{
    [Fact]
    public Task NG1015_CrossEntropyLogits_SetsSoftmax() => Verify(
        "torch_logits_op17",
        """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [ImportOnnx({|NG1015:"fixtures/model.onnx"|})]
        public partial class ImportedNet;
        """,
        """
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [ImportOnnx({|NG1010:"fixtures/model.onnx"|}, OutputActivation = Activation.Softmax)]
        public partial class ImportedNet;
        """);

    [Fact]
    public Task NG1015_BinaryCrossEntropyLogits_SetsSigmoid() => Verify(
        "torch_double_op14",
        """
        using NetGen;

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
        [ImportOnnx({|NG1015:"fixtures/model.onnx"|})]
        public partial class ImportedNet;
        """,
        """
        using NetGen;

        [Network(Loss.BinaryCrossEntropy, Precision = Precision.Double)]
        [ImportOnnx("fixtures/model.onnx", OutputActivation = Activation.Sigmoid)]
        public partial class ImportedNet;
        """);

    private static Task Verify(string fixture, string source, string fixedSource)
    {
        var test = new NetGenCodeFixTest<NetworkAnalyzer, SetOutputActivationCodeFixProvider> { TestCode = source, FixedCode = fixedSource };
        var model = (Infrastructure.InMemoryAdditionalText)ImportFixtures.Encoded("fixtures/model.onnx", ImportFixtures.Load(fixture).Onnx);
        SourceText text = model.GetText()!;
        test.TestState.AdditionalFiles.Add((model.Path, text));
        test.FixedState.AdditionalFiles.Add((model.Path, text));
        return test.RunAsync();
    }
}
