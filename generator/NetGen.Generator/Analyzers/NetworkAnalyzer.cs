using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Import;
using NetGen.Generator.Lowering;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// Reports everything that can be read off a [Network] declaration: declaration and shape problems (NG00xx, NG01xx)
    /// found by the same <see cref="NetworkParser"/> as the generator, modelling mistakes (NG1xxx, see
    /// <see cref="ModelingRules"/>) and performance notes (NG2xxx). Each type is parsed once.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class NetworkAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TypeNotPartial,
            DiagnosticDescriptors.MissingInput,
            DiagnosticDescriptors.MissingDense,
            DiagnosticDescriptors.LayersOnSeveralDeclarations,
            DiagnosticDescriptors.GenericNetwork,
            DiagnosticDescriptors.ContainingTypeNotPartial,
            DiagnosticDescriptors.DuplicateInput,
            DiagnosticDescriptors.InputAfterDense,
            DiagnosticDescriptors.SizeBelowOne,
            DiagnosticDescriptors.CrossEntropyNeedsSoftmax,
            DiagnosticDescriptors.BinaryCrossEntropyNeedsSigmoid,
            DiagnosticDescriptors.UndefinedEnumValue,
            DiagnosticDescriptors.EmbeddedWeightsNotAdditionalFile,
            DiagnosticDescriptors.EmbeddedWeightsUnreadable,
            DiagnosticDescriptors.EmbeddedWeightsInvalid,
            DiagnosticDescriptors.StaticNetwork,
            DiagnosticDescriptors.EmbeddedWeightsMismatch,
            DiagnosticDescriptors.NonFiniteOption,
            DiagnosticDescriptors.ParameterCountTooLarge,
            DiagnosticDescriptors.ScratchTooLarge,
            DiagnosticDescriptors.ReversedUniformRange,
            DiagnosticDescriptors.NegativeLeakySlope,
            DiagnosticDescriptors.ImportOnnxNotAdditionalFile,
            DiagnosticDescriptors.ImportOnnxUnreadable,
            DiagnosticDescriptors.ImportOnnxNotOnnx,
            DiagnosticDescriptors.ImportOnnxCorrupt,
            DiagnosticDescriptors.ImportOnnxWithEmbeddedWeights,
            DiagnosticDescriptors.ImportOnnxUnsupported,
            DiagnosticDescriptors.ImportOnnxMismatch,
            DiagnosticDescriptors.ImportOutputActivationConflict,
            DiagnosticDescriptors.ImportedLogits,
            DiagnosticDescriptors.RectifiedOutputWithMse,
            DiagnosticDescriptors.BoundedOutputWithMse,
            DiagnosticDescriptors.ClassScoresWithMse,
            DiagnosticDescriptors.SoftmaxWithMse,
            DiagnosticDescriptors.SoftmaxSingleUnit,
            DiagnosticDescriptors.SoftmaxHidden,
            DiagnosticDescriptors.LinearHiddenLayer,
            DiagnosticDescriptors.SaturatingStack,
            DiagnosticDescriptors.NoBias,
            DiagnosticDescriptors.DyingReLU,
            DiagnosticDescriptors.ConstantInit,
            DiagnosticDescriptors.BadUniformInit,
            DiagnosticDescriptors.InitActivationMismatch,
            DiagnosticDescriptors.SumReduction,
            DiagnosticDescriptors.LayerLooped,
            DiagnosticDescriptors.FullUnrollTooLarge);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? networkAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.NetworkAttribute);
                if (networkAttribute is null)
                {
                    return;
                }

                start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, networkAttribute), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, INamedTypeSymbol networkAttribute)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!HasAttribute(type, networkAttribute))
            {
                return;
            }

            ParseResult result = NetworkParser.Parse(type, context.CancellationToken);
            foreach (Diagnostic problem in result.Problems)
            {
                context.ReportDiagnostic(problem);
            }

            // Modelling and performance checks need a network that parses without errors.
            if (result.Spec is not { ErrorId: null } spec)
            {
                return;
            }

            if (spec.ImportOnnxPath is not null)
            {
                // The imported network is checked like a declared one; what has no attribute of its own is reported
                // at the [ImportOnnx] argument.
                if (!Import(context, ref result, ref spec))
                {
                    return;
                }
            }

            if (spec.Layers.Count == 0)
            {
                return;
            }

            if (spec.EmbeddedWeightsPath is { } path)
            {
                // Only the file the attribute names is read, with the generator's own reader and resolver.
                var files = new System.Collections.Generic.List<WeightsFileSpec>();
                foreach (AdditionalText text in context.Options.AdditionalFiles)
                {
                    if (EmbeddedWeightsResolver.PathMatches(text.Path, path))
                    {
                        files.Add(WeightsFileSpec.From(text.Path, text.GetText(context.CancellationToken)));
                        break;
                    }
                }

                EmbedResult embed = EmbeddedWeightsResolver.Resolve(spec, files);
                if (embed.Problem is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(embed.Problem, result.EmbeddedWeightsLocation ?? Location.None, embed.Arguments));
                }
            }

            Location fallback = result.ImportOnnxLocation ?? result.NetworkSyntax?.GetLocation() ?? Location.None;
            ModelingRules.Analyze(spec, result, fallback, context.ReportDiagnostic);
            AnalyzePerformance(spec, result, fallback, context);
        }

        /// <summary>Resolves [ImportOnnx] as the generator does; false when that fails (the problem is reported).</summary>
        private static bool Import(SymbolAnalysisContext context, ref ParseResult result, ref NetworkSpec spec)
        {
            var files = new System.Collections.Generic.List<OnnxFileSpec>();
            foreach (AdditionalText text in context.Options.AdditionalFiles)
            {
                if (OnnxFileReader.IsModelFor(text.Path, spec.ImportOnnxPath!))
                {
                    files.Add(OnnxFileReader.Read(text.Path, text.GetText(context.CancellationToken)));
                    break;
                }
            }

            EmbedResult import = OnnxImportResolver.Resolve(spec, files);
            Location at = result.ImportOnnxLocation ?? Location.None;
            if (import.Problem is not null)
            {
                ImmutableDictionary<string, string?>? properties = import.Problem.Id == DiagnosticIds.ImportedLogits
                    ? ImmutableDictionary<string, string?>.Empty.Add(OnnxImportResolver.ActivationProperty, (string)import.Arguments[3])
                    : null;
                context.ReportDiagnostic(Diagnostic.Create(import.Problem, at, properties, import.Arguments));
                return false;
            }

            spec = import.Spec;
            if (result.LayerSyntaxes.Length != spec.Layers.Count)
            {
                var none = new AttributeSyntax?[spec.Layers.Count];
                result = new ParseResult(spec, result.Problems, result.NetworkSyntax, none.ToImmutableArray(), result.EmbeddedWeightsLocation, result.ImportOnnxLocation);
            }

            return true;
        }

        private static void AnalyzePerformance(NetworkSpec spec, ParseResult result, Location fallback, SymbolAnalysisContext context)
        {
            KernelPlan plan = NetworkLowering.Lower(spec, context.CancellationToken);
            int largestLayer = 0, totalWeights = 0;
            foreach (LayerPlan layer in plan.Layers)
            {
                int weights = layer.Inputs * layer.Units;
                largestLayer = weights > largestLayer ? weights : largestLayer;
                totalWeights += weights;
                if (!layer.Unrolled && layer.LoopedForSize && spec.Unrolling == Unrolling.Auto)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.LayerLooped,
                        result.LayerSyntaxes[layer.Number - 1]?.GetLocation() ?? fallback,
                        layer.Number,
                        layer.Inputs,
                        layer.Units,
                        layer.WeightCount,
                        NetworkLowering.UnrollBudget));
                }
            }

            if (spec.Unrolling == Unrolling.Full && (largestLayer > NetworkLowering.UnrollBudget || totalWeights > NetworkLowering.NetworkUnrollBudget))
            {
                string size = largestLayer > NetworkLowering.UnrollBudget
                    ? string.Format(CultureInfo.InvariantCulture, "a layer of {0} weights, above the budget of {1} per layer", largestLayer, NetworkLowering.UnrollBudget)
                    : string.Format(CultureInfo.InvariantCulture, "{0} weights in all, above the budget of {1} per network", totalWeights, NetworkLowering.NetworkUnrollBudget);
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.FullUnrollTooLarge,
                    NetworkParser.NamedArgumentLocation(result.NetworkSyntax, "Unrolling") ?? fallback,
                    spec.Type.Name,
                    size));
            }
        }

        private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol attributeType)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
