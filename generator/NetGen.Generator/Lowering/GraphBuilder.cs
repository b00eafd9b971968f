using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Model;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// Lowers a <see cref="NetworkSpec"/> into a <see cref="KernelPlan"/>: parameter offsets in the PyTorch
    /// <c>nn.Linear</c> layout, the unroll-or-loop choice for each layer, and the scratch space of looped layers.
    /// </summary>
    internal static class GraphBuilder
    {
        /// <summary>
        /// Layers with at most this many weights are unrolled into straight-line code; larger ones become SIMD loops.
        /// Chosen by benchmark (benchmarks/README.md, "Unroll threshold").
        /// </summary>
        public const int UnrollBudget = 128;

        /// <summary>
        /// The most weights unrolled in one network, over all layers: keeps the training method, which touches every
        /// unrolled weight three times, far below the JIT's method-size limits.
        /// </summary>
        public const int NetworkUnrollBudget = 512;

        /// <summary>A layer with one input and at least this many units is looped (vectorised across its units).</summary>
        public const int SingleInputLoopUnits = 16;

        /// <summary>A layer with at least this many inputs is looped: each dot product fills whole 512-bit vectors.</summary>
        public const int WideFanIn = 32;

        /// <summary>Predict's scratch space is stack-allocated up to this many bytes, else kept per thread.</summary>
        public const int StackScratchBytes = 16 * 1024;

        public static KernelPlan Lower(NetworkSpec spec, CancellationToken cancellationToken)
        {
            NumericType numeric = spec.Precision == Precision.Double ? NumericType.Double : NumericType.Single;
            int count = spec.Layers.Count;

            // Unroll or loop: each layer within its own budget, all of them within the network's.
            var unrolled = new bool[count];
            var tooLarge = new bool[count];
            int unrolledWeights = 0;
            int inputs = spec.InputSize;
            for (int i = 0; i < count; i++)
            {
                int weights = spec.Layers[i].Units * inputs;
                // Shapes that vectorise well are loops whatever their size: a single-input layer's weights are one
                // contiguous column, so its loop runs across the units; a fan-in of 32 or more fills whole vectors in
                // every dot product. Both measured faster than unrolled scalar code (benchmarks/README.md).
                bool vectorShape = (inputs == 1 && spec.Layers[i].Units >= SingleInputLoopUnits) || inputs >= WideFanIn;
                tooLarge[i] = weights > UnrollBudget || unrolledWeights + weights > NetworkUnrollBudget;
                if (spec.Unrolling == Unrolling.Full || (spec.Unrolling == Unrolling.Auto && !tooLarge[i] && !vectorShape))
                {
                    unrolled[i] = true;
                    unrolledWeights += weights;
                }

                inputs = spec.Layers[i].Units;
            }

            var layers = new List<LayerPlan>(count);
            int offset = 0, outputOffset = 0, predictScratch = 0, trainScratch = 0;
            inputs = spec.InputSize;
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerSpec layer = spec.Layers[i];
                int units = layer.Units;
                bool isLast = i == count - 1;
                bool looped = !unrolled[i];
                bool nextLooped = !isLast && !unrolled[i + 1];
                bool identity = layer.Activation == Activation.Identity;
                bool fusedLoss = isLast && spec.Loss != Loss.MeanSquaredError;

                int Take(ref int scratch, bool needed)
                {
                    if (!needed)
                    {
                        return -1;
                    }

                    int at = scratch;
                    scratch += units;
                    return at;
                }

                // Predict: a looped layer keeps z and h (h is z for Identity; the last layer writes h into the output);
                // an unrolled layer followed by a looped one copies its outputs into a span.
                int predictZ = Take(ref predictScratch, looped);
                int predictH = looped ? (identity ? predictZ : Take(ref predictScratch, !isLast)) : Take(ref predictScratch, nextLooped);

                // Training keeps every buffer the backward pass reads.
                int trainZ = Take(ref trainScratch, looped);
                int trainH = looped ? (identity ? trainZ : Take(ref trainScratch, true)) : Take(ref trainScratch, nextLooped);
                bool gradientIsSpan = looped || nextLooped;
                int trainDh = Take(ref trainScratch, gradientIsSpan && !fusedLoss);
                int trainDz = looped ? (identity && !fusedLoss ? trainDh : Take(ref trainScratch, true)) : -1;

                int biasOffset = layer.Bias ? offset + (units * inputs) : -1;
                layers.Add(new LayerPlan(
                    Number: i + 1,
                    Inputs: inputs,
                    Units: units,
                    Activation: layer.Activation,
                    Alpha: InPrecision(layer.Alpha, spec.Precision),
                    HasBias: layer.Bias,
                    WeightInit: layer.WeightInit,
                    BiasInit: InPrecision(layer.BiasInit, spec.Precision),
                    UniformLow: InPrecision(layer.UniformLow, spec.Precision),
                    UniformHigh: InPrecision(layer.UniformHigh, spec.Precision),
                    WeightOffset: offset,
                    BiasOffset: biasOffset,
                    OutputOffset: outputOffset,
                    Unrolled: !looped,
                    LoopedForSize: looped && tooLarge[i],
                    InputIsSpan: i == 0 || !unrolled[i - 1],
                    OutputToSpan: !looped && nextLooped,
                    OutputGradientIsSpan: gradientIsSpan,
                    PredictZ: predictZ,
                    PredictH: predictH,
                    TrainZ: trainZ,
                    TrainH: trainH,
                    TrainDz: trainDz,
                    TrainDh: trainDh));

                offset += (units * inputs) + (layer.Bias ? units : 0);
                outputOffset += units;
                inputs = units;
            }

            int elementSize = spec.Precision == Precision.Double ? 8 : 4;
            return new KernelPlan(
                Namespace: spec.Namespace,
                Types: spec.Types,
                HintName: HintName(spec),
                Numeric: numeric,
                Loss: spec.Loss,
                Reduction: spec.Reduction,
                Precision: spec.Precision,
                InputSize: spec.InputSize,
                OutputSize: count > 0 ? spec.Layers[count - 1].Units : 0,
                ParameterCount: offset,
                TotalUnits: outputOffset,
                Layers: new EquatableArray<LayerPlan>(layers.ToArray()),
                PredictScratch: predictScratch,
                PredictScratchOnStack: predictScratch * elementSize <= StackScratchBytes,
                TrainScratch: trainScratch,
                ErrorId: spec.ErrorId,
                EmbeddedBits: spec.EmbeddedBits);
        }

        /// <summary>
        /// A numeric option as the network computes with it: a single-precision network rounds the declared double once,
        /// here, so the emitted code, <c>NetworkInfo</c> and everything the runtime derives from it use the same value.
        /// </summary>
        private static double InPrecision(double value, Precision precision) => precision == Precision.Single ? (float)value : value;

        /// <summary><c>{Namespace}.{Outer+Inner}.NetGen.g.cs</c>, with characters that are not valid in a file name replaced.</summary>
        public static string HintName(NetworkSpec spec)
        {
            string types = string.Join("+", spec.Types.Select(t => t.Name));
            string name = spec.Namespace.Length == 0 ? types : spec.Namespace + "." + types;
            return name.Replace('`', '_').Replace('<', '_').Replace('>', '_').Replace("@", string.Empty) + ".NetGen.g.cs";
        }
    }
}
