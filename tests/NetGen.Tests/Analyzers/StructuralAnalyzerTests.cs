extern alias gen;

using System.Threading.Tasks;
using Verify = NetGen.Tests.Analyzers.NetGenAnalyzerTest<gen::NetGen.Generator.Analyzers.NetworkAnalyzer>;

namespace NetGen.Tests.Analyzers;

/// <summary>The declaration and shape errors (NG00xx, NG01xx), each at its exact location.</summary>
public class StructuralAnalyzerTests
{
    [Fact]
    public Task NG0001_TypeNotPartial_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(1)]
        public class {|NG0001:Net|};
        """);

    [Fact]
    public Task NG0012_StaticType_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(1)]
        public static partial class {|NG0012:Net|};
        """);

    [Fact]
    public Task NG0002_NoInput_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Dense(1)]
        public partial class {|NG0002:Net|};
        """);

    [Fact]
    public Task NG0003_NoDense_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        public partial class {|NG0003:Net|};
        """);

    [Fact]
    public Task NG0004_LayerOnAnotherDeclaration_ReportedAtThatAttributeOnly() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        public partial class Net;

        [{|NG0004:Dense(1)|}]
        public partial class Net;
        """);

    [Fact]
    public Task NG0005_GenericNetwork_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [Dense(1)]
        public partial class {|NG0005:Net|}<T>;
        """);

    [Fact]
    public Task NG0005_NestedInGenericType_ReportedAtIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        public partial class Outer<T>
        {
            [Network(Loss.MeanSquaredError)]
            [Input(1)]
            [Dense(1)]
            public partial class {|NG0005:Net|};
        }
        """);

    [Fact]
    public Task NG0006_ContainingTypeNotPartial_ReportedAtContainingIdentifier() => Verify.VerifyAsync("""
        using NetGen;

        public class {|NG0006:Outer|}
        {
            [Network(Loss.MeanSquaredError)]
            [Input(1)]
            [Dense(1)]
            public partial class Net;
        }
        """);

    [Fact]
    public Task NG0006_PartialContainingType_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        public partial class Outer
        {
            [Network(Loss.MeanSquaredError)]
            [Input(1)]
            [Dense(1)]
            public partial class Net;
        }
        """);

    [Fact]
    public Task NG0007_SecondInput_ReportedAtThatAttribute() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(1)]
        [{|NG0007:{|CS0579:Input|}(2)|}]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG0008_InputAfterDense_ReportedAtInput() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Dense(1)]
        [{|NG0008:Input(1)|}]
        public partial class Net;
        """);

    [Fact]
    public Task NG0101_InputSizeZero_ReportedAtArgument() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input({|NG0101:0|})]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG0101_DenseUnitsNegative_ReportedAtArgument() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense({|NG0101:-1|}, Activation.LeakyReLU)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task NG0101_NamedUnits_ReportedAtArgument() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(size: 2)]
        [Dense(activation: Activation.Identity, units: {|NG0101:0|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG0102_CrossEntropyWithoutSoftmax_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [Dense(3, {|NG0102:Activation.Sigmoid|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG0102_CrossEntropyWithDefaultActivation_ReportedAtAttribute() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.CrossEntropy)]
        [Input(2)]
        [{|NG0102:Dense(3)|}]
        public partial class Net;
        """);

    [Fact]
    public Task NG0103_BinaryCrossEntropyWithoutSigmoid_ReportedAtActivation() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.BinaryCrossEntropy)]
        [Input(2)]
        [Dense(1, {|NG0103:Activation.Tanh|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG0104_UndefinedActivation_ReportedAtArgument() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError)]
        [Input(2)]
        [Dense(1, {|NG0104:(Activation)42|})]
        public partial class Net;
        """);

    [Fact]
    public Task NG0104_UndefinedReduction_ReportedAtNamedArgument() => Verify.VerifyAsync("""
        using NetGen;

        [Network(Loss.MeanSquaredError, Reduction = {|NG0104:(Reduction)7|})]
        [Input(2)]
        [Dense(1)]
        public partial class Net;
        """);

    [Fact]
    public Task ValidNetwork_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        namespace App
        {
            [Network(Loss.CrossEntropy)]
            [Input(4)]
            [Dense(8, Activation.LeakyReLU)]
            [Dense(3, Activation.Softmax)]
            public sealed partial class Classifier;
        }
        """);

    [Fact]
    public Task TypeWithoutNetworkAttribute_IsSilent() => Verify.VerifyAsync("""
        using NetGen;

        [Input(0)]
        [Dense(1, Activation.ReLU)]
        public class NotANetwork;
        """);
}
