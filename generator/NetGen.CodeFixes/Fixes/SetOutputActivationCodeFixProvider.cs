using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Import;

namespace NetGen.CodeFixes
{
    /// <summary>
    /// NG1015: an imported classifier that outputs logits gets the output activation its loss needs,
    /// <c>OutputActivation = Activation.Softmax</c> (or <c>Sigmoid</c>, as the diagnostic's property says) on [ImportOnnx].
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetOutputActivationCodeFixProvider))]
    public sealed class SetOutputActivationCodeFixProvider : NetGenCodeFixProvider
    {
        /// <summary>Creates the provider.</summary>
        public SetOutputActivationCodeFixProvider()
            : base(DiagnosticIds.ImportedLogits, "Append the output activation with OutputActivation", "SetOutputActivation")
        {
        }

        /// <inheritdoc />
        protected override bool FixesImportedNetworks => true;

        /// <inheritdoc />
        protected override SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(OnnxImportResolver.ActivationProperty, out string? activation) || activation is null ||
                AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan) is not { ArgumentList: { } list } import ||
                !AttributeEdits.IsImportOnnx(import))
            {
                return null;
            }

            AttributeArgumentSyntax added = SyntaxFactory.AttributeArgument(
                SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("OutputActivation")),
                null,
                AttributeEdits.EnumMember(null, "Activation", activation));
            AttributeSyntax fixedImport = AttributeEdits.RemoveNamedArguments(import, "OutputActivation");
            AttributeArgumentListSyntax arguments = fixedImport.ArgumentList!;
            return root.ReplaceNode(import, fixedImport.WithArgumentList(arguments.WithArguments(arguments.Arguments.Add(added))));
        }
    }
}
