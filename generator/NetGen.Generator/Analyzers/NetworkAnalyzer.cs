using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Lowering;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// Reports declaration and shape problems of [Network] types, by running the same <see cref="NetworkParser"/> as the
    /// generator, plus the layers that the generator emits as loops.
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
            DiagnosticDescriptors.LayerLooped);

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
            AttributeData? network = null;
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, networkAttribute))
                {
                    network = attribute;
                    break;
                }
            }

            if (network is null)
            {
                return;
            }

            ParseResult result = NetworkParser.Parse(type, context.CancellationToken);
            foreach (Diagnostic problem in result.Problems)
            {
                context.ReportDiagnostic(problem);
            }

            if (result.Spec is { ErrorId: null } spec)
            {
                KernelPlan plan = GraphBuilder.Lower(spec, context.CancellationToken);
                Location location = network.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
                foreach (LayerPlan layer in plan.Layers)
                {
                    if (!layer.Unrolled && spec.Unrolling == Unrolling.Auto)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.LayerLooped,
                            LayerLocation(type, layer.Number, context) ?? location,
                            layer.Number,
                            layer.Inputs,
                            layer.Units,
                            layer.WeightCount,
                            GraphBuilder.UnrollBudget));
                    }
                }
            }
        }

        /// <summary>The [Dense] attribute of layer <paramref name="number"/> (1-based, in source order).</summary>
        private static Location? LayerLocation(INamedTypeSymbol type, int number, SymbolAnalysisContext context)
        {
            var dense = new System.Collections.Generic.List<SyntaxNode>();
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (NetworkParser.IsAttribute(attribute, "DenseAttribute") && attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
                {
                    dense.Add(syntax);
                }
            }

            dense.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
            return number - 1 < dense.Count ? dense[number - 1].GetLocation() : null;
        }
    }
}
