using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1004: trains a Softmax output with <c>Loss.CrossEntropy</c> instead of MeanSquaredError.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseCrossEntropyCodeFixProvider))]
    public sealed class UseCrossEntropyCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseCrossEntropyCodeFixProvider()
            : base(DiagnosticIds.SoftmaxWithMse, "Use Loss.CrossEntropy", "UseCrossEntropy")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            if (AttributeEdits.ArgumentAt(root, diagnostic.Location.SourceSpan) is not { } loss)
            {
                return null;
            }

            return root.ReplaceNode(loss.Expression, AttributeEdits.EnumMember(loss.Expression, "Loss", "CrossEntropy"));
        }
    }
}
