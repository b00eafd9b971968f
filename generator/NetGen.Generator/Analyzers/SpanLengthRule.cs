using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Analyzers
{
    /// <summary>
    /// NG3001: a span of a compile-time-constant length passed to a generated network's <c>Predict</c>,
    /// <c>AccumulateGradients</c>, <c>Trace</c>, <c>EvaluateLoss</c> or <c>SgdStep</c> that differs from the width the
    /// network needs. A call matches when
    /// its method implements the <c>INetwork&lt;T&gt;</c> member on a <c>[Network]</c> type, or is the interface member
    /// itself called on a receiver whose static type (before conversions) is such a network. One instance per compilation.
    /// </summary>
    internal sealed class SpanLengthRule
    {
        private readonly NetworkApiSymbols _api;

        /// <summary>Per network type: its widths and the methods that implement the checked members; null when not a usable network.</summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, NetworkCalls?> _networks = new(SymbolEqualityComparer.Default);

        public SpanLengthRule(NetworkApiSymbols api) => _api = api;

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.IsStatic || method.Parameters.Length < 2 || invocation.Instance is not { } instance)
            {
                return;
            }

            NetworkCalls? calls;
            CheckedMember? member;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, _api.Network))
            {
                // A call through INetwork<T>, e.g. ((INetwork<float>)net).Predict(...): the receiver says which network.
                member = _api.MemberOf(method.OriginalDefinition);
                calls = member is null ? null : CallsOf(ReceiverType(instance), context.CancellationToken);
            }
            else
            {
                calls = CallsOf(method.ContainingType, context.CancellationToken);
                member = calls?.MemberImplementedBy(method);
            }

            if (calls is null || member is null)
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter ||
                    parameter.Ordinal >= member.Widths.Length)
                {
                    continue;
                }

                int expected = calls.Width(member.Widths[parameter.Ordinal]);
                if (CallSiteConstants.ConstantLength(argument.Value, context.CancellationToken) is { } actual && actual != expected)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.SpanLengthMismatch,
                        argument.Value.Syntax.GetLocation(),
                        calls.Type.Name,
                        method.Name,
                        CallSiteConstants.Int(expected),
                        parameter.Name,
                        CallSiteConstants.Int(actual)));
                }
            }
        }

        private static INamedTypeSymbol? ReceiverType(IOperation instance)
        {
            while (instance is IConversionOperation conversion)
            {
                instance = conversion.Operand;
            }

            return instance.Type as INamedTypeSymbol;
        }

        private NetworkCalls? CallsOf(INamedTypeSymbol? type, CancellationToken cancellationToken)
        {
            // Cheap symbol checks first, so that only network types enter the cache.
            if (type is not { TypeKind: TypeKind.Class or TypeKind.Struct } || !ImplementsNetwork(type) || !HasNetworkAttribute(type))
            {
                return null;
            }

            return _networks.GetOrAdd(type, t => Compute(t, cancellationToken));
        }

        private bool ImplementsNetwork(INamedTypeSymbol type)
        {
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _api.Network))
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasNetworkAttribute(INamedTypeSymbol type)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _api.NetworkAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        private NetworkCalls? Compute(INamedTypeSymbol type, CancellationToken cancellationToken)
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

            ImmutableArray<(IMethodSymbol, CheckedMember)>.Builder implementations = ImmutableArray.CreateBuilder<(IMethodSymbol, CheckedMember)>();
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _api.Network))
                {
                    continue;
                }

                foreach (CheckedMember member in _api.Members)
                {
                    foreach (ISymbol candidate in implemented.GetMembers(member.Definition.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, member.Definition) &&
                            type.FindImplementationForInterfaceMember(candidate) is IMethodSymbol implementation)
                        {
                            implementations.Add((implementation, member));
                        }
                    }
                }
            }

            return new NetworkCalls(type, spec.InputSize, spec.Layers[spec.Layers.Count - 1].Units, total, implementations.ToImmutable());
        }

        /// <summary>A network type's widths and which of its methods implement the checked interface members.</summary>
        private sealed class NetworkCalls
        {
            private readonly int _input;
            private readonly int _output;
            private readonly int _units;
            private readonly ImmutableArray<(IMethodSymbol Implementation, CheckedMember Member)> _implementations;

            public NetworkCalls(INamedTypeSymbol type, int input, int output, int units, ImmutableArray<(IMethodSymbol, CheckedMember)> implementations)
            {
                Type = type;
                _input = input;
                _output = output;
                _units = units;
                _implementations = implementations;
            }

            public INamedTypeSymbol Type { get; }

            public int Width(SpanWidth width) => width switch
            {
                SpanWidth.Input => _input,
                SpanWidth.Output => _output,
                _ => _units,
            };

            public CheckedMember? MemberImplementedBy(IMethodSymbol method)
            {
                foreach ((IMethodSymbol implementation, CheckedMember member) in _implementations)
                {
                    if (SymbolEqualityComparer.Default.Equals(implementation, method.OriginalDefinition))
                    {
                        return member;
                    }
                }

                return null;
            }
        }
    }
}
