using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic NetGen reports at compile time. Each id has a page at <c>docs/diagnostics/NGxxxx.md</c>.</summary>
    internal static class DiagnosticDescriptors
    {
        /// <summary>Where the docs pages live; <see cref="HelpLink"/> appends <c>NGxxxx.md</c>.</summary>
        public const string HelpLinkBase = "https://github.com/netgen-dotnet/netgen/blob/main/docs/diagnostics/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        public static readonly DiagnosticDescriptor TypeNotPartial = Error(
            DiagnosticIds.TypeNotPartial,
            DiagnosticCategories.Declaration,
            "Network type is not partial",
            "Declare '{0}' as 'partial' so that NetGen can generate its forward and backward code",
            "NetGen adds the generated members to the network's own type, which is only possible for a partial type.");

        public static readonly DiagnosticDescriptor MissingInput = Error(
            DiagnosticIds.MissingInput,
            DiagnosticCategories.Declaration,
            "Network has no [Input]",
            "Add [Input(n)] to '{0}' to declare how many values the network takes",
            "Every network needs exactly one [Input(n)] attribute: the first layer's weight matrix has one column per input.");

        public static readonly DiagnosticDescriptor MissingDense = Error(
            DiagnosticIds.MissingDense,
            DiagnosticCategories.Declaration,
            "Network has no [Dense] layer",
            "Add at least one [Dense(units, activation)] layer to '{0}'",
            "A network maps its input to its output through one or more Dense layers; without any there is nothing to compute.");

        public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(
            DiagnosticIds.LayersOnSeveralDeclarations,
            DiagnosticCategories.Declaration,
            "Layer attributes are spread over several partial declarations",
            "Move every [Input] and [Dense] attribute of '{0}' onto the declaration that carries [Network]",
            "Layers are applied in source order, which is only well defined on a single declaration.");

        public static readonly DiagnosticDescriptor GenericNetwork = Error(
            DiagnosticIds.GenericNetwork,
            DiagnosticCategories.Declaration,
            "Network type is generic",
            "'{0}' is generic or nested in a generic type; declare the network on a non-generic type",
            "Generated networks have a fixed topology and precision, so type parameters have nothing to vary; NetGen does not generate code for them.");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            DiagnosticIds.ContainingTypeNotPartial,
            DiagnosticCategories.Declaration,
            "Containing type of a network is not partial",
            "Declare the containing type '{0}' as 'partial' so that NetGen can add the nested network's members",
            "A nested network is supported when every type that contains it is partial too.");

        public static readonly DiagnosticDescriptor DuplicateInput = Error(
            DiagnosticIds.DuplicateInput,
            DiagnosticCategories.Declaration,
            "Network has more than one [Input]",
            "Remove this [Input]: '{0}' already declares its input width",
            "A network has exactly one input vector, so exactly one [Input(n)] attribute.");

        public static readonly DiagnosticDescriptor InputAfterDense = Error(
            DiagnosticIds.InputAfterDense,
            DiagnosticCategories.Declaration,
            "[Input] comes after a [Dense] layer",
            "Move [Input] above the first [Dense] layer of '{0}'",
            "Layers are read in source order; the input comes first.");

        public static readonly DiagnosticDescriptor SizeBelowOne = Error(
            DiagnosticIds.SizeBelowOne,
            DiagnosticCategories.Shape,
            "Size below 1",
            "{0} must be at least 1, but it is {1}",
            "Every input and every layer needs at least one unit.");

        public static readonly DiagnosticDescriptor CrossEntropyNeedsSoftmax = Error(
            DiagnosticIds.CrossEntropyNeedsSoftmax,
            DiagnosticCategories.Shape,
            "CrossEntropy needs a Softmax output layer",
            "Loss.CrossEntropy needs a Softmax output layer, but the last layer of '{0}' uses {1}; use Activation.Softmax there, or another loss",
            "Cross-entropy compares a probability distribution with the targets; NetGen fuses it with the output softmax so that the gradient is y − t and computed stably.");

        public static readonly DiagnosticDescriptor BinaryCrossEntropyNeedsSigmoid = Error(
            DiagnosticIds.BinaryCrossEntropyNeedsSigmoid,
            DiagnosticCategories.Shape,
            "BinaryCrossEntropy needs a Sigmoid output layer",
            "Loss.BinaryCrossEntropy needs a Sigmoid output layer, but the last layer of '{0}' uses {1}; use Activation.Sigmoid there, or another loss",
            "Binary cross-entropy treats each output as an independent probability; NetGen fuses it with the output sigmoid so that the gradient is (y − t)/n and computed stably.");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
            DiagnosticIds.UndefinedEnumValue,
            DiagnosticCategories.Shape,
            "Value is not a defined member of its enum",
            "{0} is not a defined {1} value; use one of the named members",
            "NetGen generates code for the named members of Activation, Loss, Reduction, Precision and Init only.");

        public static readonly DiagnosticDescriptor LayerLooped = new(
            DiagnosticIds.LayerLooped,
            "Layer is too large to unroll",
            "Layer {0} ({1}→{2}, {3} weights) is above the unroll budget of {4} weights; NetGen emits vectorised loops for it",
            DiagnosticCategories.Performance,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Small layers are fully unrolled into straight-line code; larger ones use SIMD loops, which are faster for them. This is information, not a problem.",
            helpLinkUri: HelpLink(DiagnosticIds.LayerLooped));

        private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description) =>
            new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
    }
}
