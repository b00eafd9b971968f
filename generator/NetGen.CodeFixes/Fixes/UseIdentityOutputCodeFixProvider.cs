using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;

namespace NetGen.CodeFixes
{
    /// <summary>NG1001: removes the ReLU or LeakyReLU activation argument of the output layer, which makes it Identity (the default).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseIdentityOutputCodeFixProvider))]
    public sealed class UseIdentityOutputCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public UseIdentityOutputCodeFixProvider()
            : base(DiagnosticIds.RectifiedOutputWithMse, "Use an Identity output layer", "UseIdentity")
        {
        }

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            if (AttributeEdits.ArgumentAt(root, diagnostic.Location.SourceSpan) is not { } argument ||
                argument.Parent is not AttributeArgumentListSyntax list)
            {
                return null;
            }

            return root.ReplaceNode(list, list.WithArguments(list.Arguments.Remove(argument)));
        }
    }
}
