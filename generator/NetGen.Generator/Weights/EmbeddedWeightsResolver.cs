using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights
{
    /// <summary>What resolving [EmbeddedWeights] gave: the spec with its weights, or the problem and its message arguments.</summary>
    internal sealed class EmbedResult
    {
        public EmbedResult(NetworkSpec spec, DiagnosticDescriptor? problem = null, params object[] arguments)
        {
            Spec = spec;
            Problem = problem;
            Arguments = arguments;
        }

        public NetworkSpec Spec { get; }

        public DiagnosticDescriptor? Problem { get; }

        public object[] Arguments { get; }
    }

    /// <summary>
    /// Finds the weights file a network names among the project's additional files and checks that it fits the
    /// declaration. The generator and the analyzer both call it, so they always agree.
    /// </summary>
    internal static class EmbeddedWeightsResolver
    {
        public static EmbedResult Resolve(NetworkSpec spec, IEnumerable<WeightsFileSpec> files)
        {
            if (spec.EmbeddedWeightsPath is not { } path || spec.ErrorId is not null)
            {
                return new EmbedResult(spec);
            }

            WeightsFileSpec? file = files.FirstOrDefault(f => PathMatches(f.Path, path));
            if (file is null)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsNotAdditionalFile, path);
            }

            if (file.Unreadable)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsUnreadable, path);
            }

            if (file.Error is not null)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsInvalid, path, file.Error);
            }

            if (!Fits(spec, file))
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsMismatch, path, Describe(file), spec.Type.Name, Describe(spec));
            }

            return new EmbedResult(spec with { EmbeddedBits = file.Bits });
        }

        /// <summary>Whether an additional file's path is the one the attribute names (relative to the project, either separator).</summary>
        public static bool PathMatches(string filePath, string attributePath)
        {
            string file = filePath.Replace('\\', '/');
            string wanted = attributePath.Replace('\\', '/');
            while (wanted.StartsWith("./", StringComparison.Ordinal))
            {
                wanted = wanted.Substring(2);
            }

            return wanted.Length > 0 &&
                (string.Equals(file, wanted, StringComparison.Ordinal) || file.EndsWith("/" + wanted, StringComparison.Ordinal));
        }

        private static bool Fits(NetworkSpec spec, WeightsFileSpec file)
        {
            if (file.Precision != spec.Precision || file.InputSize != spec.InputSize || file.Layers.Count != spec.Layers.Count)
            {
                return false;
            }

            for (int i = 0; i < file.Layers.Count; i++)
            {
                WeightsLayerSpec w = file.Layers[i];
                LayerSpec d = spec.Layers[i];
                if (w.Units != d.Units || w.Activation != d.Activation || w.HasBias != d.Bias ||
                    (d.Activation == Activation.LeakyReLU && w.AlphaBits != FloatBits((float)d.Alpha)))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Describe(WeightsFileSpec file) =>
            Describe(file.InputSize, file.Layers.Select(l => (l.Units, l.Activation, l.HasBias, FloatFromBits(l.AlphaBits))), file.Precision);

        private static string Describe(NetworkSpec spec) =>
            Describe(spec.InputSize, spec.Layers.Select(l => (l.Units, l.Activation, l.Bias, (float)l.Alpha)), spec.Precision);

        private static string Describe(int input, IEnumerable<(int Units, Activation Activation, bool Bias, float Alpha)> layers, Precision precision)
        {
            var sb = new StringBuilder(input.ToString(CultureInfo.InvariantCulture));
            foreach (var (units, activation, bias, alpha) in layers)
            {
                sb.Append(" → ").Append(units.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(activation);
                if (activation == Activation.LeakyReLU)
                {
                    sb.Append("(alpha ").Append(alpha.ToString("R", CultureInfo.InvariantCulture)).Append(')');
                }

                if (!bias)
                {
                    sb.Append(" (no bias)");
                }
            }

            return sb.Append(", ").Append(precision == Precision.Single ? "single" : "double").Append(" precision").ToString();
        }

        private static EmbedResult Failed(NetworkSpec spec, DiagnosticDescriptor problem, params object[] arguments) =>
            new(spec with { ErrorId = problem.Id }, problem, arguments);

        private static uint FloatBits(float value) => BitConverter.ToUInt32(BitConverter.GetBytes(value), 0);

        private static float FloatFromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }
}
