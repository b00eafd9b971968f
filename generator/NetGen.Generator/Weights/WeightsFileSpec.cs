using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// An additional file as [EmbeddedWeights] sees it: its path and, when it is a weights text file, its text. The text
    /// is checked later, against the network that names it, by the runtime's own reader (<c>WeightsText</c>).
    /// Value-equatable, so an unchanged file stays cached.
    /// </summary>
    /// <param name="Path">The additional file's path as the compiler gives it.</param>
    /// <param name="Text">The text (without a byte-order mark) when it starts with the text form's first word; else null.</param>
    /// <param name="Unreadable">The compiler could not read the file (it is listed but missing, for instance).</param>
    internal sealed record WeightsFileSpec(string Path, string? Text, bool Unreadable)
    {
        /// <summary>Keeps the text of weights files only, so that other additional files cost nothing in the model.</summary>
        public static WeightsFileSpec From(string path, SourceText? source)
        {
            if (source is null)
            {
                return new WeightsFileSpec(path, null, Unreadable: true);
            }

            string text = source.ToString();
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            return new WeightsFileSpec(path, text.StartsWith(WeightsLayout.TextMagic, System.StringComparison.Ordinal) ? text : null, Unreadable: false);
        }
    }
}
