using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1014: removes <c>Reduction = Reduction.Sum</c>, so that the batch loss is the mean (the default).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseMeanReductionCodeFixProvider))]
    public sealed class UseMeanReductionCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseMeanReductionCodeFixProvider()
            : base(DiagnosticIds.SumReduction, "Use Reduction.Mean", "UseMean")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            AttributeSyntax? attribute = AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan);
            return attribute is null ? null : root.ReplaceNode(attribute, AttributeEdits.RemoveNamedArguments(attribute, "Reduction"));
        }
    }
}
