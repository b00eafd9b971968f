using System;
using System.Collections.Generic;
using System.Linq;
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
    /// Finds the weights file a network names among the project's additional files and reads it with the runtime's own
    /// reader (<see cref="WeightsText"/>, linked from src/NetGen/Format) against the network's header, exactly as
    /// <c>Load</c> would: the build embeds a file if and only if the runtime would load it, with the same bits. The
    /// generator and the analyzer both call this, so they always agree.
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

            if (file.Text is null)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsInvalid, path,
                    $"it does not start with the line '{WeightsLayout.TextMagic} {WeightsLayout.Version}' of the text form (embed the text form: Save(path, WeightsFormat.Text))");
            }

            WeightsHeader expected = ExpectedHeader(spec);
            try
            {
                byte[] parameters = WeightsText.Read(file.Text, new WeightsReadContext(path, spec.Type.Name, expected));
                var bits = new ulong[parameters.Length / expected.ValueSize];
                for (int i = 0; i < bits.Length; i++)
                {
                    bits[i] = WeightsLayout.ReadBits(parameters, expected.ValueSize, i);
                }

                return new EmbedResult(spec with { EmbeddedBits = new EquatableArray<ulong>(bits) });
            }
            catch (WeightsFileException e) when (e.File is not null)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsMismatch, path, e.File.Describe(), spec.Type.Name, expected.Describe());
            }
            catch (WeightsFileException e)
            {
                return Failed(spec, DiagnosticDescriptors.EmbeddedWeightsInvalid, path, e.Detail);
            }
        }

        /// <summary>The header a weights file for this declaration has (slopes as the file records them: single precision).</summary>
        public static WeightsHeader ExpectedHeader(NetworkSpec spec) =>
            new(spec.Precision, spec.InputSize, spec.Layers
                .Select(l => new WeightsLayer(l.Units, l.Activation, l.Bias, l.Activation == Activation.LeakyReLU ? (float)l.Alpha : 0f))
                .ToArray());

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

        private static EmbedResult Failed(NetworkSpec spec, DiagnosticDescriptor problem, params object[] arguments) =>
            new(spec with { ErrorId = problem.Id }, problem, arguments);
    }
}
