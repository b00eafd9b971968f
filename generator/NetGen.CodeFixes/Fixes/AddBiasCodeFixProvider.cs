using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1009: removes <c>Bias = false</c>, so that the layer has biases again.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBiasCodeFixProvider))]
    public sealed class AddBiasCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public AddBiasCodeFixProvider()
            : base(DiagnosticIds.NoBias, "Give the layer a bias", "RemoveBiasFalse")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            AttributeSyntax? attribute = AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan);
            return attribute is null ? null : root.ReplaceNode(attribute, AttributeEdits.RemoveNamedArguments(attribute, "Bias"));
        }
    }
}
