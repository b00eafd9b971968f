using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Analyzers
{
    /// <summary>Which width a span argument of a network method must have.</summary>
    internal enum SpanWidth
    {
        Input,
        Output,
        Units,
    }

    /// <summary>An <c>INetwork&lt;T&gt;</c> method whose spans NG3001 checks, with the width of each parameter by ordinal.</summary>
    internal sealed class CheckedMember
    {
        public CheckedMember(IMethodSymbol definition, ImmutableArray<SpanWidth> widths)
        {
            Definition = definition;
            Widths = widths;
        }

        /// <summary>The member of the unconstructed <c>INetwork&lt;T&gt;</c>.</summary>
        public IMethodSymbol Definition { get; }

        public ImmutableArray<SpanWidth> Widths { get; }
    }

    /// <summary>NetGen's network API in one compilation: <c>[Network]</c>, <c>INetwork&lt;T&gt;</c> and its span-taking methods.</summary>
    internal sealed class NetworkApiSymbols
    {
        private NetworkApiSymbols(INamedTypeSymbol networkAttribute, INamedTypeSymbol network, ImmutableArray<CheckedMember> members)
        {
            NetworkAttribute = networkAttribute;
            Network = network;
            Members = members;
        }

        public INamedTypeSymbol NetworkAttribute { get; }

        /// <summary><c>INetwork&lt;T&gt;</c>, unconstructed.</summary>
        public INamedTypeSymbol Network { get; }

        /// <summary><c>Predict</c>, <c>AccumulateGradients</c>, <c>Trace</c>, <c>EvaluateLoss</c> and <c>SgdStep</c>, those of them this NetGen has.</summary>
        public ImmutableArray<CheckedMember> Members { get; }

        /// <summary>The symbols, or null when the compilation does not reference NetGen.</summary>
        public static NetworkApiSymbols? Resolve(Compilation compilation)
        {
            if (compilation.GetTypeByMetadataName(KnownNames.NetworkAttribute) is not { } attribute ||
                compilation.GetTypeByMetadataName(KnownNames.INetwork) is not { } network)
            {
                return null;
            }

            ImmutableArray<CheckedMember>.Builder members = ImmutableArray.CreateBuilder<CheckedMember>(5);
            Add(KnownNames.Predict, SpanWidth.Input, SpanWidth.Output);
            Add(KnownNames.AccumulateGradients, SpanWidth.Input, SpanWidth.Output);
            Add(KnownNames.Trace, SpanWidth.Input, SpanWidth.Units);
            Add(KnownNames.EvaluateLoss, SpanWidth.Input, SpanWidth.Output);
            Add(KnownNames.SgdStep, SpanWidth.Input, SpanWidth.Output);
            return members.Count == 0 ? null : new NetworkApiSymbols(attribute, network, members.ToImmutable());

            // Every overload whose first two parameters are the sample's spans (SgdStep has two: with and without the
            // correct count); the batch members, whose spans hold a count of samples, have other names.
            void Add(string name, SpanWidth first, SpanWidth second)
            {
                foreach (ISymbol member in network.GetMembers(name))
                {
                    if (member is IMethodSymbol { IsStatic: false, Parameters.Length: >= 2 } method &&
                        IsSpan(method.Parameters[0].Type) && IsSpan(method.Parameters[1].Type))
                    {
                        members.Add(new CheckedMember(method, ImmutableArray.Create(first, second)));
                    }
                }
            }

            static bool IsSpan(ITypeSymbol type) =>
                type is INamedTypeSymbol { Name: "Span" or "ReadOnlySpan", Arity: 1, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
        }

        /// <summary>The checked member a method of the unconstructed interface is, or null.</summary>
        public CheckedMember? MemberOf(IMethodSymbol definition)
        {
            foreach (CheckedMember member in Members)
            {
                if (SymbolEqualityComparer.Default.Equals(member.Definition, definition))
                {
                    return member;
                }
            }

            return null;
        }
    }

    /// <summary>The hyper-parameters NG3002..NG3006 check.</summary>
    internal enum HyperParameter
    {
        LearningRate,
        Momentum,
        Beta1,
        Beta2,
        Epsilon,
        WeightDecay,
    }

    /// <summary>The optimizer an instance is: its type is, or derives from, NetGen's AdamW, Adam or Sgd.</summary>
    internal enum OptimizerFamily
    {
        Unknown,
        Sgd,
        Adam,
        AdamW,
    }

    /// <summary>NetGen's optimizers in one compilation and their hyper-parameter properties.</summary>
    internal sealed class OptimizerSymbols
    {
        private readonly INamedTypeSymbol? _sgd;
        private readonly INamedTypeSymbol? _adam;
        private readonly INamedTypeSymbol? _adamW;

        private OptimizerSymbols(
            INamedTypeSymbol? sgd, INamedTypeSymbol? adam, INamedTypeSymbol? adamW, ImmutableDictionary<IPropertySymbol, HyperParameter> properties)
        {
            _sgd = sgd;
            _adam = adam;
            _adamW = adamW;
            Properties = properties;
        }

        /// <summary><c>Optimizer.LearningRate</c>, <c>Optimizer.WeightDecay</c>, <c>Sgd.Momentum</c>, <c>Adam.Beta1</c>, <c>Adam.Beta2</c>, <c>Adam.Epsilon</c>.</summary>
        public ImmutableDictionary<IPropertySymbol, HyperParameter> Properties { get; }

        /// <summary>The symbols, or null when the compilation does not reference NetGen's trainer.</summary>
        public static OptimizerSymbols? Resolve(Compilation compilation)
        {
            if (compilation.GetTypeByMetadataName(KnownNames.Optimizer) is not { } optimizer)
            {
                return null;
            }

            INamedTypeSymbol? sgd = compilation.GetTypeByMetadataName(KnownNames.Sgd);
            INamedTypeSymbol? adam = compilation.GetTypeByMetadataName(KnownNames.Adam);
            INamedTypeSymbol? adamW = compilation.GetTypeByMetadataName(KnownNames.AdamW);
            ImmutableDictionary<IPropertySymbol, HyperParameter>.Builder properties =
                ImmutableDictionary.CreateBuilder<IPropertySymbol, HyperParameter>(SymbolEqualityComparer.Default);
            Add(optimizer, KnownNames.LearningRate, HyperParameter.LearningRate);
            Add(optimizer, KnownNames.WeightDecay, HyperParameter.WeightDecay);
            Add(sgd, KnownNames.Momentum, HyperParameter.Momentum);
            Add(adam, KnownNames.Beta1, HyperParameter.Beta1);
            Add(adam, KnownNames.Beta2, HyperParameter.Beta2);
            Add(adam, KnownNames.Epsilon, HyperParameter.Epsilon);
            return properties.Count == 0 ? null : new OptimizerSymbols(sgd, adam, adamW, properties.ToImmutable());

            void Add(INamedTypeSymbol? type, string name, HyperParameter kind)
            {
                if (type is null)
                {
                    return;
                }

                foreach (ISymbol member in type.GetMembers(name))
                {
                    if (member is IPropertySymbol { IsStatic: false, Type.SpecialType: SpecialType.System_Double } property)
                    {
                        properties[property] = kind;
                        return;
                    }
                }
            }
        }

        /// <summary>The optimizer a type is: the nearest of AdamW, Adam and Sgd among itself and its base types.</summary>
        public OptimizerFamily FamilyOf(ITypeSymbol? type)
        {
            for (ITypeSymbol? t = type; t is not null; t = t.BaseType)
            {
                if (Is(t, _adamW))
                {
                    return OptimizerFamily.AdamW;
                }

                if (Is(t, _adam))
                {
                    return OptimizerFamily.Adam;
                }

                if (Is(t, _sgd))
                {
                    return OptimizerFamily.Sgd;
                }
            }

            return OptimizerFamily.Unknown;

            static bool Is(ITypeSymbol type, INamedTypeSymbol? known) =>
                known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
        }
    }
}
