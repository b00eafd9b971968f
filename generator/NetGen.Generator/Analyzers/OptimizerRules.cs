using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// NG3002..NG3006: constant hyper-parameters assigned to NetGen's optimizers (<c>new Adam { LearningRate = 0.5 }</c>,
    /// or in the constructor of a type derived from one). The property assigned is compared by symbol with
    /// <c>Optimizer.LearningRate</c>, <c>Optimizer.WeightDecay</c>, <c>Sgd.Momentum</c> and <c>Adam.Beta1/Beta2/Epsilon</c>;
    /// the optimizer family is the receiver's type (AdamW, Adam, Sgd or a type derived from them). The ranges are
    /// documented in docs/diagnostics/NG3002.md..NG3006.md.
    /// </summary>
    internal sealed class OptimizerRules
    {
        private readonly OptimizerSymbols _symbols;

        public OptimizerRules(OptimizerSymbols symbols) => _symbols = symbols;

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation reference ||
                !_symbols.Properties.TryGetValue(reference.Property.OriginalDefinition, out HyperParameter kind))
            {
                return;
            }

            ITypeSymbol owner = reference.Instance?.Type ?? reference.Property.ContainingType;
            Check(context, kind, _symbols.FamilyOf(owner), owner.Name, assignment.Value);
        }

        private static void Check(OperationAnalysisContext context, HyperParameter kind, OptimizerFamily family, string owner, IOperation value)
        {
            if (!CallSiteConstants.TryGetNumber(value, out double number))
            {
                return;
            }

            Location location = value.Syntax.GetLocation();
            string shown = CallSiteConstants.Display(value, number);
            switch (kind)
            {
                case HyperParameter.LearningRate:
                    if (!(number > 0))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonPositiveLearningRate, location, shown, Suggested(family)));
                        return;
                    }

                    (double low, double high) = PlausibleLearningRates(family);
                    if (number < low * (1 - 1e-6) || number > high * (1 + 1e-6))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.ImplausibleLearningRate,
                            location,
                            shown,
                            CallSiteConstants.Real(low),
                            CallSiteConstants.Real(high),
                            FamilyName(family),
                            Suggested(family)));
                    }

                    return;

                case HyperParameter.Momentum:
                case HyperParameter.Beta1:
                case HyperParameter.Beta2:
                    if (!(number >= 0 && number < 1))
                    {
                        string name = kind switch
                        {
                            HyperParameter.Momentum => KnownNames.Momentum,
                            HyperParameter.Beta1 => KnownNames.Beta1,
                            _ => KnownNames.Beta2,
                        };
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MomentumOutOfRange, location, name, shown));
                    }

                    return;

                case HyperParameter.Epsilon:
                    if (!(number > 0))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NonPositiveEpsilon, location, shown));
                    }

                    return;

                case HyperParameter.WeightDecay:
                    if (family == OptimizerFamily.Adam && number > 0)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.L2WithAdam, location, shown, owner));
                    }

                    return;
            }
        }

        /// <summary>The range of learning rates that is plausible for each optimizer family (documented in NG3003.md).</summary>
        private static (double Low, double High) PlausibleLearningRates(OptimizerFamily family) => family switch
        {
            OptimizerFamily.Adam or OptimizerFamily.AdamW => (1e-5, 0.1),
            OptimizerFamily.Sgd => (1e-4, 1.0),
            _ => (1e-5, 1.0),
        };

        private static string Suggested(OptimizerFamily family) => family switch
        {
            OptimizerFamily.Adam or OptimizerFamily.AdamW => "0.001",
            OptimizerFamily.Sgd => "0.01",
            _ => "0.001 for Adam or 0.01 for SGD",
        };

        private static string FamilyName(OptimizerFamily family) => family switch
        {
            OptimizerFamily.Adam => "Adam",
            OptimizerFamily.AdamW => "AdamW",
            OptimizerFamily.Sgd => "SGD",
            _ => "any optimizer",
        };
    }
}
