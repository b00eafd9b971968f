using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace NetGen.CodeFixes
{
    /// <summary>
    /// The shape every NetGen code fix shares: one diagnostic id, one code action with a stable equivalence key, a
    /// purely syntactic edit of the document, and Fix All through the batch fixer.
    /// </summary>
    public abstract class NetGenCodeFixProvider : CodeFixProvider
    {
        private readonly string _id;
        private readonly string _title;
        private readonly string _equivalenceKey;

        /// <summary>Creates a provider for <paramref name="id"/> whose action is called <paramref name="title"/>.</summary>
        /// <param name="id">The diagnostic id fixed.</param>
        /// <param name="title">The title of the code action.</param>
        /// <param name="action">A short stable name of the action, appended to the id for the equivalence key.</param>
        protected NetGenCodeFixProvider(string id, string title, string action)
        {
            _id = id;
            _title = title;
            _equivalenceKey = id + "." + action;
            FixableDiagnosticIds = ImmutableArray.Create(id);
        }

        /// <inheritdoc />
        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        /// <inheritdoc />
        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (diagnostic.Id != _id || (!FixesImportedNetworks && AttributeEdits.IsImportOnnx(AttributeEdits.AttributeAt(root, diagnostic.Location.SourceSpan))) ||
                    Fix(root, diagnostic) is null)
                {
                    continue;
                }

                Document document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(_title, ct => ApplyAsync(document, diagnostic, ct), _equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>
        /// Whether the fix applies to a diagnostic reported at [ImportOnnx]. Diagnostics about an imported network's
        /// layers are reported there because its layers have no attributes; edits meant for [Dense] must not touch it.
        /// </summary>
        protected virtual bool FixesImportedNetworks => false;

        /// <summary>The fixed syntax root, or null when the diagnostic's location is not what the fix expects.</summary>
        /// <param name="root">The document's root.</param>
        /// <param name="diagnostic">The diagnostic to fix.</param>
        protected abstract SyntaxNode? Fix(SyntaxNode root, Diagnostic diagnostic);

        private async Task<Document> ApplyAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SyntaxNode? fixedRoot = root is null ? null : Fix(root, diagnostic);
            return fixedRoot is null ? document : document.WithSyntaxRoot(fixedRoot);
        }
    }
}
