using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.CodeFixes
{
    /// <summary>Syntactic edits of NetGen's attributes shared by the code fixes.</summary>
    internal static class AttributeEdits
    {
        /// <summary>The attribute argument whose expression is at <paramref name="span"/>.</summary>
        public static AttributeArgumentSyntax? ArgumentAt(SyntaxNode root, TextSpan span)
        {
            if (span.End > root.FullSpan.End)
            {
                return null;
            }

            SyntaxNode node = root.FindNode(span, getInnermostNodeForTie: true);
            return node.FirstAncestorOrSelf<AttributeArgumentSyntax>() is { } argument && argument.Expression.Span == span ? argument : null;
        }

        /// <summary>The attribute that contains <paramref name="span"/>.</summary>
        public static AttributeSyntax? AttributeAt(SyntaxNode root, TextSpan span) =>
            span.End > root.FullSpan.End ? null : root.FindNode(span, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();

        /// <summary>Whether <paramref name="attribute"/> is [ImportOnnx] (by its written name).</summary>
        public static bool IsImportOnnx(AttributeSyntax? attribute)
        {
            string? name = attribute?.Name switch
            {
                QualifiedNameSyntax q => q.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
                SimpleNameSyntax n => n.Identifier.ValueText,
                _ => null,
            };
            return name is "ImportOnnx" or "ImportOnnxAttribute";
        }

        /// <summary>The attribute without the named property arguments (<c>Name = value</c>) in <paramref name="names"/>.</summary>
        public static AttributeSyntax RemoveNamedArguments(AttributeSyntax attribute, params string[] names)
        {
            if (attribute.ArgumentList is not { } list)
            {
                return attribute;
            }

            // Remove from the end, so that the indices still to visit stay valid.
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = list.Arguments;
            for (int i = arguments.Count - 1; i >= 0; i--)
            {
                if (arguments[i].NameEquals is { } nameEquals && names.Contains(nameEquals.Name.Identifier.ValueText))
                {
                    arguments = arguments.RemoveAt(i);
                }
            }

            return arguments.Count == 0
                ? attribute.WithArgumentList(null)
                : attribute.WithArgumentList(list.WithArguments(arguments));
        }

        /// <summary>
        /// An expression for <c>Enum.Member</c>: the existing <c>X.Old</c> with its name replaced (which keeps the user's
        /// qualification), or a fully qualified name that the simplifier shortens.
        /// </summary>
        public static ExpressionSyntax EnumMember(ExpressionSyntax? existing, string enumName, string member)
        {
            if (existing is MemberAccessExpressionSyntax access)
            {
                return access.WithName(SyntaxFactory.IdentifierName(member).WithTriviaFrom(access.Name));
            }

            ExpressionSyntax created = SyntaxFactory.ParseExpression("global::NetGen." + enumName + "." + member)
                .WithAdditionalAnnotations(Simplifier.Annotation);
            return existing is null ? created : created.WithTriviaFrom(existing);
        }

        /// <summary>Whether the expression is <c>X.Member</c> or <c>Member</c> (by name only).</summary>
        public static bool Names(ExpressionSyntax expression, string member) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == member,
            IdentifierNameSyntax name => name.Identifier.ValueText == member,
            _ => false,
        };

        /// <summary>Replaces several nodes of one tree at once.</summary>
        public static SyntaxNode ReplaceAll(SyntaxNode root, IReadOnlyDictionary<SyntaxNode, SyntaxNode> replacements) =>
            root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }
}
