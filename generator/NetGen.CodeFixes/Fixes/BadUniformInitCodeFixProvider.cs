using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1012: replaces an off-centre or too wide uniform initialiser by <c>Init.Auto</c> (removes <c>WeightInit</c>, <c>UniformLow</c> and <c>UniformHigh</c>).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BadUniformInitCodeFixProvider))]
    public sealed class BadUniformInitCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public BadUniformInitCodeFixProvider()
            : base(DiagnosticIds.BadUniformInit, "Use Init.Auto", "UseAutoInit")
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
