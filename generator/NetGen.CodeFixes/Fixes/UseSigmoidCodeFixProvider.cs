using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>
    /// NG1005: replaces Softmax on a single unit by Sigmoid, and Loss.CrossEntropy by Loss.BinaryCrossEntropy when the
    /// layer is the output (the analyzer then sets the ChangeLoss property and the loss argument as additional location).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSigmoidCodeFixProvider))]
    public sealed class UseSigmoidCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseSigmoidCodeFixProvider()
            : base(DiagnosticIds.SoftmaxSingleUnit, "Use Activation.Sigmoid", "UseSigmoid")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            if (AttributeEdits.ArgumentAt(root, diagnostic.Location.SourceSpan) is not { } activation)
            {
                return null;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>
            {
                [activation.Expression] = AttributeEdits.EnumMember(activation.Expression, "Activation", "Sigmoid"),
            };

            if (diagnostic.Properties.ContainsKey("ChangeLoss") &&
                diagnostic.AdditionalLocations.Count == 1 &&
                AttributeEdits.ArgumentAt(root, diagnostic.AdditionalLocations[0].SourceSpan) is { } loss)
            {
                replacements[loss.Expression] = AttributeEdits.EnumMember(loss.Expression, "Loss", "BinaryCrossEntropy");
            }

            return AttributeEdits.ReplaceAll(root, replacements);
        }
    }
}
