using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// The NG3xxx checks at call sites: spans of a compile-time-constant length passed to a generated network's
    /// <c>Predict</c>, <c>AccumulateGradients</c> or <c>Trace</c> (<see cref="SpanLengthRule"/>), and constant optimizer
    /// hyper-parameters (<see cref="OptimizerRules"/>). NetGen's types and members are resolved once per compilation
    /// (<see cref="NetworkApiSymbols"/>, <see cref="OptimizerSymbols"/>) and call sites are matched by symbol, so a
    /// user's own <c>Predict</c> or <c>LearningRate</c> is never mistaken for NetGen's.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.SpanLengthMismatch,
            DiagnosticDescriptors.NonPositiveLearningRate,
            DiagnosticDescriptors.ImplausibleLearningRate,
            DiagnosticDescriptors.MomentumOutOfRange,
            DiagnosticDescriptors.NonPositiveEpsilon,
            DiagnosticDescriptors.L2WithAdam);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                // Each rule runs only when the NetGen it was written for is referenced; without NetGen nothing is registered.
                if (NetworkApiSymbols.Resolve(start.Compilation) is { } api)
                {
                    var spans = new SpanLengthRule(api);
                    start.RegisterOperationAction(spans.AnalyzeInvocation, OperationKind.Invocation);
                }

                if (OptimizerSymbols.Resolve(start.Compilation) is { } optimizers)
                {
                    var rules = new OptimizerRules(optimizers);
                    start.RegisterOperationAction(rules.AnalyzeAssignment, OperationKind.SimpleAssignment);
                }
            });
        }
    }
}
