using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG2002: removes <c>Unrolling = Unrolling.Full</c>, so that large layers become SIMD loops (the default).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseAutoUnrollingCodeFixProvider))]
    public sealed class UseAutoUnrollingCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseAutoUnrollingCodeFixProvider()
            : base(DiagnosticIds.FullUnrollTooLarge, "Use Unrolling.Auto", "UseAuto")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            AttributeSyntax? attribute = AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan);
            return attribute is null ? null : root.ReplaceNode(attribute, AttributeEdits.RemoveNamedArguments(attribute, "Unrolling"));
        }
    }
}
