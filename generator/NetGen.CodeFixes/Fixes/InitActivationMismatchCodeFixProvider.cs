using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1013: lets <c>Init.Auto</c> pick the initialiser that suits the activation (removes <c>WeightInit</c>, <c>UniformLow</c> and <c>UniformHigh</c>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InitActivationMismatchCodeFixProvider))]
    public sealed class InitActivationMismatchCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public InitActivationMismatchCodeFixProvider()
            : base(DiagnosticIds.InitActivationMismatch, "Use Init.Auto", "UseAutoInit")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            AttributeSyntax? attribute = AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan);
            return attribute is null ? null : root.ReplaceNode(attribute, AttributeEdits.RemoveNamedArguments(attribute, "WeightInit", "UniformLow", "UniformHigh"));
        }
    }
}
