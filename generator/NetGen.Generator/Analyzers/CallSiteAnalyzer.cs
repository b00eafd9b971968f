using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// The NG3xxx checks at call sites: spans of a compile-time-constant length passed to a generated network's
    /// <c>Predict</c>, <c>AccumulateGradients</c> or <c>Trace</c>, and constant optimizer hyper-parameters passed to the
    /// trainer API (matched by parameter and property names, see <see cref="HyperParameterOf"/>).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
    {
        private const string TrainingNamespace = "NetGen.Training";
        private const string RootNamespace = "NetGen";

        private enum HyperParameter
        {
            None,
            LearningRate,
            Momentum,
            Beta1,
            Beta2,
            Epsilon,
            WeightDecay,
        }

        private enum OptimizerFamily
        {
            Unknown,
            Sgd,
            Adam,
            AdamW,
        }

        /// <summary>The widths a network's spans must have.</summary>
        private readonly record struct NetworkWidths(int Input, int Output, int TotalUnits);

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
                // The runtime library holds both the attributes and the trainer: without it there is nothing to check.
                INamedTypeSymbol? networkAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.NetworkAttribute);
                if (networkAttribute is null)
                {
                    return;
                }

                var widths = new ConcurrentDictionary<INamedTypeSymbol, NetworkWidths?>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, networkAttribute, widths), OperationKind.Invocation);
                start.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
                start.RegisterOperationAction(AnalyzeAssignment, OperationKind.SimpleAssignment);
            });
        }

        // ---- NG3001: span lengths at Predict / AccumulateGradients / Trace ----

        private static void AnalyzeInvocation(
            OperationAnalysisContext context, INamedTypeSymbol networkAttribute, ConcurrentDictionary<INamedTypeSymbol, NetworkWidths?> cache)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name is not ("Predict" or "AccumulateGradients" or "Trace") || method.IsStatic)
            {
                return;
            }

            INamedTypeSymbol type = method.ContainingType;
            if (!HasAttribute(type, networkAttribute))
            {
                return;
            }

            NetworkWidths? widths = cache.GetOrAdd(type, t => Widths(t, context.CancellationToken));
            if (widths is not { } w)
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit)
                {
                    continue;
                }

                int expected = parameter.Name switch
                {
                    "input" => w.Input,
                    "output" or "target" => w.Output,
                    "layerOutputs" => w.TotalUnits,
                    _ => -1,
                };
                if (expected < 0)
                {
                    continue;
                }

                int? length = ConstantLength(argument.Value, 0, context.CancellationToken);
                if (length is { } actual && actual != expected)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.SpanLengthMismatch,
                        argument.Value.Syntax.GetLocation(),
                        type.Name,
                        method.Name,
                        Int(expected),
                        parameter.Name,
                        Int(actual)));
                }
            }
        }

        private static NetworkWidths? Widths(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            if (NetworkParser.Parse(type, cancellationToken).Spec is not { ErrorId: null } spec || spec.Layers.Count == 0)
            {
                return null;
            }

            int total = 0;
            foreach (LayerSpec layer in spec.Layers)
            {
                total += layer.Units;
            }

            return new NetworkWidths(spec.InputSize, spec.Layers[spec.Layers.Count - 1].Units, total);
        }

        /// <summary>
        /// The length of an array or span whose length is a compile-time constant: an array creation with a constant
        /// size or an initializer, a stackalloc, a collection expression without spreads, or a local initialised with
        /// one of these and never assigned again.
        /// </summary>
        private static int? ConstantLength(IOperation operation, int depth, CancellationToken cancellationToken)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            switch (operation)
            {
                case IArrayCreationOperation array:
                    return array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size } ? size : null;
                case ILocalReferenceOperation local when depth == 0:
                    return LocalLength(local, cancellationToken);
            }

            SyntaxNode syntax = operation.Syntax;
            while (syntax is ParenthesizedExpressionSyntax parenthesized)
            {
                syntax = parenthesized.Expression;
            }

            switch (syntax)
            {
                case StackAllocArrayCreationExpressionSyntax stackAlloc:
                    if (stackAlloc.Type is ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType &&
                        arrayType.RankSpecifiers[0].Sizes is { Count: 1 } sizes &&
                        sizes[0] is not OmittedArraySizeExpressionSyntax &&
                        operation.SemanticModel?.GetConstantValue(sizes[0], cancellationToken) is { HasValue: true, Value: int stackSize })
                    {
                        return stackSize;
                    }

                    return stackAlloc.Initializer?.Expressions.Count;
                case ImplicitStackAllocArrayCreationExpressionSyntax implicitStackAlloc:
                    return implicitStackAlloc.Initializer.Expressions.Count;
                case CollectionExpressionSyntax collection:
                    foreach (CollectionElementSyntax element in collection.Elements)
                    {
                        if (element is not ExpressionElementSyntax)
                        {
                            return null;
                        }
                    }

                    return collection.Elements.Count;
                default:
                    return null;
            }
        }

        private static int? LocalLength(ILocalReferenceOperation reference, CancellationToken cancellationToken)
        {
            ILocalSymbol local = reference.Local;
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1 ||
                local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } ||
                reference.SemanticModel?.GetOperation(value, cancellationToken) is not { } initializer)
            {
                return null;
            }

            int? length = ConstantLength(initializer, 1, cancellationToken);
            if (length is null)
            {
                return null;
            }

            // The local must keep its initial array: no assignment, no ref or out argument anywhere in the body.
            IOperation root = reference;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            foreach (IOperation operation in root.Descendants())
            {
                IOperation? target = operation switch
                {
                    IAssignmentOperation assignment => assignment.Target,
                    IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                    _ => null,
                };
                if (target is null)
                {
                    continue;
                }

                if (Mentions(target, local))
                {
                    return null;
                }
            }

            return length;
        }

        /// <summary>Whether an assignment target is the local, or a tuple that contains it.</summary>
        private static bool Mentions(IOperation target, ILocalSymbol local) => target switch
        {
            ILocalReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Local, local),
            ITupleOperation tuple => AnyMentions(tuple.Elements, local),
            _ => false,
        };

        private static bool AnyMentions(ImmutableArray<IOperation> elements, ILocalSymbol local)
        {
            foreach (IOperation element in elements)
            {
                if (Mentions(element, local))
                {
                    return true;
                }
            }

            return false;
        }

        // ---- NG3002..NG3006: optimizer hyper-parameters ----

        /// <summary>
        /// The hyper-parameter a parameter or property name stands for, whatever its casing: learningRate, momentum,
        /// beta1, beta2, epsilon, weightDecay.
        /// </summary>
        private static HyperParameter HyperParameterOf(string name) =>
            Is(name, "learningRate") ? HyperParameter.LearningRate
            : Is(name, "momentum") ? HyperParameter.Momentum
            : Is(name, "beta1") ? HyperParameter.Beta1
            : Is(name, "beta2") ? HyperParameter.Beta2
            : Is(name, "epsilon") ? HyperParameter.Epsilon
            : Is(name, "weightDecay") ? HyperParameter.WeightDecay
            : HyperParameter.None;

        private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

        private static void AnalyzeArgument(OperationAnalysisContext context)
        {
            var argument = (IArgumentOperation)context.Operation;
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.IsImplicit || argument.Parameter is not { } parameter)
            {
                return;
            }

            HyperParameter kind = HyperParameterOf(parameter.Name);
            if (kind == HyperParameter.None || parameter.ContainingSymbol is not IMethodSymbol method || !IsTrainerType(method.ContainingType))
            {
                return;
            }

            // The optimizer is named by the type constructed, the method called or the receiver's type.
            string owner = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
            OptimizerFamily family = FamilyOf(owner);
            if (family == OptimizerFamily.Unknown && argument.Parent is IInvocationOperation { Instance.Type: { } receiver })
            {
                owner = receiver.Name;
                family = FamilyOf(owner);
            }

            if (family == OptimizerFamily.Unknown)
            {
                owner = method.ContainingType.Name;
                family = FamilyOf(owner);
            }

            Check(context, kind, family, owner, argument.Value);
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            (ISymbol? member, IOperation? instance) = assignment.Target switch
            {
                IPropertyReferenceOperation property => ((ISymbol?)property.Property, property.Instance),
                IFieldReferenceOperation field => (field.Field, field.Instance),
                _ => (null, null),
            };
            if (member is null || !IsTrainerType(member.ContainingType))
            {
                return;
            }

            HyperParameter kind = HyperParameterOf(member.Name);
            if (kind == HyperParameter.None)
            {
                return;
            }

            ITypeSymbol owner = instance?.Type ?? member.ContainingType;
            Check(context, kind, FamilyOf(owner.Name), owner.Name, assignment.Value);
        }

        private static void Check(OperationAnalysisContext context, HyperParameter kind, OptimizerFamily family, string owner, IOperation value)
        {
            if (!TryGetNumber(value, out double number))
            {
                return;
            }

            Location location = value.Syntax.GetLocation();
            string shown = Display(value, number);
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
                            Real(low),
                            Real(high),
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
                            HyperParameter.Momentum => "Momentum",
                            HyperParameter.Beta1 => "Beta1",
                            _ => "Beta2",
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

        /// <summary>The optimizer family a type or method name points to: AdamW, Adam, SGD (Sgd, Momentum, Nesterov) or unknown.</summary>
        private static OptimizerFamily FamilyOf(string name)
        {
            if (name.IndexOf("AdamW", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return OptimizerFamily.AdamW;
            }

            if (name.IndexOf("Adam", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return OptimizerFamily.Adam;
            }

            return name.IndexOf("Sgd", StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Momentum", StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Nesterov", StringComparison.OrdinalIgnoreCase) >= 0
                ? OptimizerFamily.Sgd
                : OptimizerFamily.Unknown;
        }

        /// <summary>Whether a type belongs to the runtime's API: namespace <c>NetGen</c>, <c>NetGen.Training</c> or one nested in it.</summary>
        private static bool IsTrainerType(INamedTypeSymbol? type)
        {
            if (type?.ContainingNamespace is not { IsGlobalNamespace: false } ns)
            {
                return false;
            }

            string name = ns.ToDisplayString();
            return name == RootNamespace || name == TrainingNamespace || name.StartsWith(TrainingNamespace + ".", StringComparison.Ordinal);
        }

        private static bool TryGetNumber(IOperation value, out double number)
        {
            number = 0;
            if (value.ConstantValue is not { HasValue: true, Value: { } constant })
            {
                return false;
            }

            switch (constant)
            {
                case double d:
                    number = d;
                    return true;
                case float f:
                    number = f;
                    return true;
                case decimal m:
                    number = (double)m;
                    return true;
                case int i:
                    number = i;
                    return true;
                case long l:
                    number = l;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The value as the user wrote it when it is a literal, else formatted.</summary>
        private static string Display(IOperation value, double number)
        {
            IOperation shown = value;
            while (shown is IConversionOperation { IsImplicit: true } conversion)
            {
                shown = conversion.Operand;
            }

            return shown.Syntax is LiteralExpressionSyntax or PrefixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax }
                ? shown.Syntax.ToString()
                : Real(number);
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

        private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        private static string Real(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
    }
}
