using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>
    /// NG1003: turns the output layer into class probabilities, <c>Activation.Softmax</c> trained with
    /// <c>Loss.CrossEntropy</c>. The diagnostic's additional location is the loss argument of [Network].
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSoftmaxCrossEntropyCodeFixProvider))]
    public sealed class UseSoftmaxCrossEntropyCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseSoftmaxCrossEntropyCodeFixProvider()
            : base(DiagnosticIds.ClassScoresWithMse, "Use Softmax with Loss.CrossEntropy", "UseSoftmaxCrossEntropy")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count != 1 ||
                AttributeEdits.ArgumentAt(root, diagnostic.AdditionalLocations[0].SourceSpan) is not { } loss)
            {
                return null;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>
            {
                [loss.Expression] = AttributeEdits.EnumMember(loss.Expression, "Loss", "CrossEntropy"),
            };

            if (AttributeEdits.ArgumentAt(root, diagnostic.Location.SourceSpan) is { } activation)
            {
                // Activation written: replace it.
                replacements[activation.Expression] = AttributeEdits.EnumMember(activation.Expression, "Activation", "Softmax");
            }
            else if (AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is { ArgumentList: { Arguments.Count: > 0 } list } dense &&
                dense.Span == diagnostic.Location.SourceSpan)
            {
                // Activation omitted (Identity): add it right after the units.
                AttributeArgumentSyntax units = list.Arguments[0];
                AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(AttributeEdits.EnumMember(null, "Activation", "Softmax"));
                if (units.NameColon is not null)
                {
                    added = added.WithNameColon(SyntaxFactory.NameColon("activation"));
                }

                replacements[list] = list.WithArguments(list.Arguments.Insert(1, added));
            }
            else
            {
                return null;
            }

            return AttributeEdits.ReplaceAll(root, replacements);
        }
    }
}
