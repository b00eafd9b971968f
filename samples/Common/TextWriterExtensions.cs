using System;
using System.Globalization;
using System.IO;

namespace NetGen.Samples
{
    /// <summary>Writes lines with the invariant culture, so that a sample prints the same text everywhere.</summary>
    internal static class TextWriterExtensions
    {
        public static void Say(this TextWriter writer, FormattableString line) =>
            writer.WriteLine(line.ToString(CultureInfo.InvariantCulture));

        public static void Say(this TextWriter writer) => writer.WriteLine();
    }
}
