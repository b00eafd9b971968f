using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using NetGen.Generator.Lowering;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        private const int ValuesPerLine = 8;

        /// <summary>The weights baked in by [EmbeddedWeights], and a static Predict that uses them.</summary>
        private static void WriteEmbedded(SourceWriter w, KernelPlan plan, CancellationToken cancellationToken)
        {
            string t = plan.Numeric.Name;
            w.WriteLine($"""
                /// <summary>
                /// The {Int(plan.ParameterCount)} parameters baked in at build time by [EmbeddedWeights], in the layout of
                /// <see cref="Parameters"/>. Constant data in the assembly: reading it allocates nothing.
                /// </summary>
                {GeneratedCode}
                public static {ReadOnlySpanOf}<{t}> EmbeddedParameters => new {t}[]
                """);
            w.OpenBlock();
            for (int start = 0; start < plan.EmbeddedBits.Count; start += ValuesPerLine)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = Enumerable.Range(start, Math.Min(ValuesPerLine, plan.EmbeddedBits.Count - start))
                    .Select(i => Literal(plan, plan.EmbeddedBits[i]));
                w.WriteLine(string.Join(", ", values) + ",");
            }

            w.CloseBlock(";");
            w.WriteLine();
            w.WriteLine("/// <summary>Inference with the embedded weights: no instance, no file, no initialisation, no allocation.</summary>");
            w.WriteLine(GeneratedCode);
            w.OpenBlock("public static class Embedded");
            w.WriteLine("/// <summary>Computes the network's output for one input with the embedded weights. Safe from several threads at once.</summary>");
            w.WriteLine($"/// <param name=\"input\">{Values(plan.InputSize)}.</param>");
            w.WriteLine($"/// <param name=\"output\">{Values(plan.OutputSize)}, overwritten with the network's output.</param>");
            w.WriteLine(GeneratedCode);
            w.OpenBlock($"public static void Predict({ReadOnlySpanOf}<{t}> input, {SpanOf}<{t}> output)");
            WriteLengthCheck(w, "input", "InputSize");
            WriteLengthCheck(w, "output", "OutputSize");
            // The weights are read from the constant data rather than written as literals into the statements: literals
            // measured no faster (benchmarks/README.md, "Embedded weights") and double the generated text.
            WriteEmbeddedPredictBody(w, plan, cancellationToken);
            w.CloseBlock();
            w.CloseBlock();
        }

        /// <summary>
        /// A literal with exactly the value of <paramref name="bits"/>: 9 significant digits for a float and 17 for a
        /// double always round-trip, and Roslyn parses real literals exactly on every host.
        /// </summary>
        private static string Literal(KernelPlan plan, ulong bits)
        {
            if (plan.Precision == Precision.Single)
            {
                float value = BitConverter.ToSingle(BitConverter.GetBytes((uint)bits), 0);
                return float.IsNaN(value) ? "float.NaN"
                    : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
                    : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
                    : value.ToString("G9", CultureInfo.InvariantCulture) + "f";
            }

            double d = BitConverter.Int64BitsToDouble((long)bits);
            return double.IsNaN(d) ? "double.NaN"
                : double.IsPositiveInfinity(d) ? "double.PositiveInfinity"
                : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
                : d.ToString("G17", CultureInfo.InvariantCulture) + "d";
        }
    }
}
