using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Weights;
using NetGen.Onnx.Import;

namespace NetGen.Generator.Import
{
    /// <summary>
    /// Turns a network with [ImportOnnx] into the network the model holds: its input width and layers (checked against
    /// [Input]/[Dense] when those are written, with OutputActivation applied) and its weights as embedded parameters, the
    /// same <see cref="NetworkSpec.EmbeddedBits"/> that [EmbeddedWeights] fills. The generator and the analyzer both call
    /// it, so they always agree.
    /// </summary>
    internal static class OnnxImportResolver
    {
        /// <summary>The name of the diagnostic property that tells NG1015's code fix which activation to set.</summary>
        public const string ActivationProperty = "Activation";

        public static EmbedResult Resolve(NetworkSpec spec, IEnumerable<OnnxFileSpec> files)
        {
            if (spec.ImportOnnxPath is not { } path || spec.ErrorId is not null)
            {
                return new EmbedResult(spec);
            }

            OnnxFileSpec? file = files.FirstOrDefault(f => OnnxFileReader.IsModelFor(f.Path, path));
            if (file is null)
            {
                return Failed(spec, DiagnosticDescriptors.ImportOnnxNotAdditionalFile, path);
            }

            if (file.Unreadable is not null)
            {
                return Failed(spec, DiagnosticDescriptors.ImportOnnxUnreadable, path, file.Unreadable);
            }

            switch (file.Problem)
            {
                case OnnxImportProblem.NotOnnx:
                    return Failed(spec, DiagnosticDescriptors.ImportOnnxNotOnnx, path, file.Message);
                case OnnxImportProblem.Corrupt:
                    return Failed(spec, DiagnosticDescriptors.ImportOnnxCorrupt, path, file.Message);
                case OnnxImportProblem.Unsupported:
                    return Failed(spec, DiagnosticDescriptors.ImportOnnxUnsupported, path, file.Message);
            }

            // The model's layers, with the output activation appended to a linear output layer when asked for.
            var imported = file.Layers.Select(l => new LayerSpec(l.Units, l.Activation, l.HasBias, l.Alpha, Init.Auto, 0f, -0.05f, 0.05f)).ToList();
            LayerSpec output = imported[imported.Count - 1];
            if (spec.ImportOutputActivation != Activation.Identity && output.Activation != spec.ImportOutputActivation)
            {
                if (output.Activation != Activation.Identity)
                {
                    return Failed(spec, DiagnosticDescriptors.ImportOutputActivationConflict, path, output.Activation.ToString(), spec.ImportOutputActivation.ToString());
                }

                imported[imported.Count - 1] = output with { Activation = spec.ImportOutputActivation };
            }

            // Written [Input]/[Dense] document the model and must match it; their options (initialisers) are kept.
            bool declared = spec.InputSize != 0 || spec.Layers.Count > 0;
            if ((file.IsDouble && spec.Precision == Precision.Single) || (declared && !Matches(spec, file.InputSize, imported)))
            {
                return Failed(
                    spec,
                    DiagnosticDescriptors.ImportOnnxMismatch,
                    path,
                    Describe(file.InputSize, imported, file.IsDouble ? Precision.Double : Precision.Single),
                    spec.Type.Name,
                    declared ? Describe(spec.InputSize, spec.Layers, spec.Precision) : "a network of " + (spec.Precision == Precision.Single ? "single" : "double") + " precision");
            }

            var layers = declared ? spec.Layers : new EquatableArray<LayerSpec>(imported.ToArray());
            NetworkSpec resolved = spec with { InputSize = file.InputSize, Layers = layers, EmbeddedBits = Bits(file, spec.Precision) };

            // The loss must fit the output activation; logits get their own, fixable diagnostic.
            Activation last = layers[layers.Count - 1].Activation;
            if (spec.Loss == Loss.CrossEntropy && last != Activation.Softmax)
            {
                return last == Activation.Identity
                    ? Logits(resolved, path, "CrossEntropyLoss", Activation.Softmax)
                    : Failed(resolved, DiagnosticDescriptors.CrossEntropyNeedsSoftmax, spec.Type.Name, last.ToString());
            }

            if (spec.Loss == Loss.BinaryCrossEntropy && last != Activation.Sigmoid)
            {
                return last == Activation.Identity
                    ? Logits(resolved, path, "BCEWithLogitsLoss", Activation.Sigmoid)
                    : Failed(resolved, DiagnosticDescriptors.BinaryCrossEntropyNeedsSigmoid, spec.Type.Name, last.ToString());
            }

            return new EmbedResult(resolved);
        }

        private static bool Matches(NetworkSpec spec, int inputSize, List<LayerSpec> imported)
        {
            if (spec.InputSize != inputSize || spec.Layers.Count != imported.Count)
            {
                return false;
            }

            for (int i = 0; i < imported.Count; i++)
            {
                LayerSpec d = spec.Layers[i], m = imported[i];
                if (d.Units != m.Units || d.Activation != m.Activation || d.Bias != m.Bias ||
                    (m.Activation == Activation.LeakyReLU && (float)d.Alpha != (float)m.Alpha))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The parameters in the network's precision: a float model's values are exact floats, a double model's exact doubles.</summary>
        private static EquatableArray<ulong> Bits(OnnxFileSpec file, Precision precision)
        {
            if (precision == Precision.Double)
            {
                return file.Values;
            }

            var bits = new ulong[file.Values.Count];
            for (int i = 0; i < bits.Length; i++)
            {
                float value = (float)BitConverter.Int64BitsToDouble((long)file.Values[i]);
                bits[i] = BitConverter.ToUInt32(BitConverter.GetBytes(value), 0);
            }

            return new EquatableArray<ulong>(bits);
        }

        private static string Describe(int input, IEnumerable<LayerSpec> layers, Precision precision)
        {
            StringBuilder sb = TopologyText.Start(input);
            foreach (LayerSpec layer in layers)
            {
                TopologyText.AppendLayer(sb, layer.Units, layer.Activation, layer.Bias, layer.Alpha, withAlpha: true);
            }

            return sb.Append(", ").Append(TopologyText.PrecisionText(precision)).ToString();
        }

        private static EmbedResult Logits(NetworkSpec spec, string path, string torchLoss, Activation needed) =>
            new(spec with { ErrorId = DiagnosticIds.ImportedLogits }, DiagnosticDescriptors.ImportedLogits, path, torchLoss, spec.Loss.ToString(), needed.ToString());

        private static EmbedResult Failed(NetworkSpec spec, DiagnosticDescriptor problem, params object[] arguments) =>
            new(spec with { ErrorId = problem.Id }, problem, arguments);
    }
}
