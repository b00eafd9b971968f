using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace NetGen.Generator.Analyzers
{
    /// <summary>What the call-site checks can know of an argument at compile time: a span's length, a number, how it was written.</summary>
    internal static class CallSiteConstants
    {
        /// <summary>
        /// The length of an array or span whose length is a compile-time constant: an array creation with a constant
        /// size or an initializer, a stackalloc, a collection expression without spreads, or a local initialised with
        /// one of these and never assigned again.
        /// </summary>
        public static int? ConstantLength(IOperation operation, CancellationToken cancellationToken) =>
            ConstantLength(operation, 0, cancellationToken);

        /// <summary>A constant numeric value (double, float, decimal, int or long) as a double.</summary>
        public static bool TryGetNumber(IOperation value, out double number)
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
        public static string Display(IOperation value, double number)
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

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Real(double value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

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
                if (target is not null && Mentions(target, local))
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
    }
}
