using System.Collections.Generic;
using System.Linq;
using System.Threading;
using NetGen.Generator.Model;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// Lowers a <see cref="NetworkSpec"/> into a <see cref="KernelPlan"/>: parameter offsets in the PyTorch
    /// <c>nn.Linear</c> layout, each layer's code shape (<see cref="LayerStrategy"/>), and where each value lives in
    /// Predict, Trace and AccumulateGradients.
    /// </summary>
    internal static class NetworkLowering
    {
        /// <summary>
        /// Layers with at most this many weights are unrolled into straight-line scalar code; larger ones become vector
        /// code. Measured with benchmarks/NetGen.Benchmarks.Unroll (benchmarks/README.md, "Unroll threshold") on
        /// 2026-11-24 against the generic loops: 64 weights unrolled 0.46× the loop's Predict time, 256 weights 0.98×
        /// and 1.6× its training time. The generated vector code (issue 10) only beats those loops by more; re-measure
        /// on a quiet machine before moving this.
        /// </summary>
        public const int UnrollBudget = 128;

        /// <summary>
        /// The most weights unrolled in one network, over all layers: keeps the training method, which touches every
        /// unrolled weight three times, far below the JIT's method-size limits.
        /// </summary>
        public const int NetworkUnrollBudget = 512;

        /// <summary>
        /// A layer with one input and at least this many units runs vectors across its units: its weights are one
        /// contiguous column (xsq's 1 → 64 with the old loops: Predict 73.4 → 23.6 ns; with the generated FMAs 0.60×
        /// that again, measured under heavy load).
        /// </summary>
        public const int SingleInputVectorUnits = 16;

        /// <summary>
        /// A layer with at least this many inputs runs vector dot products: each row fills whole 512-bit vectors (two
        /// 256-bit ones on AVX2), so the unrolled form's scalar multiply-adds lose to it.
        /// </summary>
        public const int WideFanIn = 32;

        /// <summary>
        /// Whether a <see cref="LayerStrategy.VectorRows"/> layer whose dot products run vectors of <paramref name="dotLanes"/> lanes sums each block of four rows
        /// into one 128-bit vector of four units (a transpose-and-add tree) instead of four scalars: in single precision,
        /// with at least four units, when every row is whole vectors of the dot-product width (no scalar tail). The
        /// activation then runs on that vector and it is stored once; four scalar stores read back as one vector stall
        /// store-to-load forwarding (digits' 64 → 10: see benchmarks/README.md, "Small-network vector code").
        /// </summary>
        public static bool SumsRowBlocks(LayerPlan layer, NumericType numeric, int dotLanes) =>
            numeric == NumericType.Single && dotLanes > 1 && layer.Units >= 4 && layer.Inputs % dotLanes == 0;

        /// <summary>
        /// Rows per block of a <see cref="LayerStrategy.VectorRows"/> layer's dot products (each row one chain of FMAs
        /// over the block's shared vectors of input): four, or eight where the block loops over its inputs
        /// (<paramref name="inputsLoop"/>) in 128-bit vectors, sums its rows into vectors of four units
        /// (<see cref="SumsRowBlocks"/>) and does not keep them in registers (<paramref name="quadsOut"/>). An FMA takes
        /// four cycles, so four chains issue one a cycle: 16 bytes of weights a cycle at 128 bits, which is what limits
        /// that path (eight rows, one run on Zen 4: mnist 784-128-64-10 6.44 → 4.99 µs, wide 256-256-256-16 9.35–9.57 →
        /// 7.73 µs); 32 bytes at 256 bits, about what L2 streams there (eight rows: wide −1 %, mnist +1.4 %); 64 at 512
        /// bits, more than L2 streams (wide: no change). So eight only at 128 bits.
        /// </summary>
        public static int RowsPerBlock(LayerPlan layer, NumericType numeric, int dotBits, int dotLanes, bool inputsLoop, bool quadsOut) =>
            layer.Units < 4 ? layer.Units
            : inputsLoop && !quadsOut && dotBits == 128 && layer.Units % 8 == 0 && SumsRowBlocks(layer, numeric, dotLanes) ? 8
            : 4;

        /// <summary>
        /// Independent chains of multiply-adds a row block keeps: its rows, each with as many accumulators as make up
        /// the number (a block of four rows that loops keeps two per row, summing the even and the odd vectors of x).
        /// An FMA takes four cycles and two issue per cycle, so eight chains keep both units busy where a loop's
        /// weights come from L1 or L2 fast enough: with four, digits' 64 → 10 at 128 bits ran its 16-step chains at
        /// half the rate (one run, Zen 4, three processes each: <c>Predict</c> 74–76 → 71–72 ns), and mnist's
        /// <c>AccumulateGradients</c> gained 7–8 % at 512 bits, 2–3 % at 256 and 4 % at 128; <c>Predict</c> of mnist
        /// and wide, bound by the L2 read rate, did not change. Scalar code keeps four: eight scalar chains (no FMA
        /// there) made mnist's scalar <c>Predict</c> 14 % slower. Unrolled blocks (no loop) keep four too.
        /// </summary>
        public static int ChainsPerBlock(int dotBits, bool inputsLoop) => inputsLoop && dotBits >= 128 ? 8 : 4;

        /// <summary>Whether a row block's dot products loop over the inputs: eight or more vectors of them, not held in registers.</summary>
        public static bool RowsLoop(int inputs, int dotLanes, bool inputsHeld) => !inputsHeld && inputs / dotLanes >= 8;

        /// <summary>
        /// Whether Predict keeps a <see cref="LayerStrategy.VectorRows"/> layer's output in registers, as vectors of four
        /// units (<c>h{k}q0</c>, <c>h{k}q1</c>, …), for a <see cref="LayerStrategy.VectorUnits"/> layer after it to read:
        /// when its rows are summed in blocks of four (<see cref="SumsRowBlocks"/>) and its activation is element-wise.
        /// Stored and loaded back instead, a last partial block that overlaps the one before leaves a load of four units
        /// that two stores wrote (no store-to-load forwarding) and computes up to three rows twice; digits' 64 → 10 → 10
        /// did both (benchmarks/README.md, "Row blocks in registers").
        /// </summary>
        public static bool HoldsRowQuads(LayerPlan layer, LayerPlan? next, NumericType numeric, int dotLanes) =>
            next is not null && next.Strategy == LayerStrategy.VectorUnits && layer.Strategy == LayerStrategy.VectorRows
            && layer.Op.IsElementwise && SumsRowBlocks(layer, numeric, dotLanes);

        /// <summary>Predict's scratch space is stack-allocated up to this many bytes, else kept per thread.</summary>
        public const int StackScratchBytes = 16 * 1024;

        /// <summary>
        /// Networks with at most this many parameters get their forward pass written into Predict itself, one copy per
        /// vector width, instead of one private method per width called from Predict. A small network's pass takes a few
        /// nanoseconds, and the call cost about as much: saving and restoring six registers, passing three spans, and
        /// bounds checks the callee cannot prove away (it knows neither the parameters' nor the input's length; inline,
        /// the length checks and a parameter span of constant length make them all vanish). xsq 1-64-1 went from 9.0
        /// to 7.9 ns per Predict with its parameters at the same offset (benchmarks/README.md, "Aligned parameters, and
        /// Predict inline"; sincos and xor measured no gain there). The budget keeps the one method far below
        /// the JIT's method-size limits: at most 512 weights are unrolled per width (<see cref="NetworkUnrollBudget"/>),
        /// and a larger network spends microseconds in its loops, where the call does not count.
        /// </summary>
        public const int InlinePredictParameters = 1024;

        public static KernelPlan Lower(NetworkSpec spec, CancellationToken cancellationToken)
        {
            NumericType numeric = spec.Precision == Precision.Double ? NumericType.Double : NumericType.Single;
            LayerStrategy[] strategies = ChooseStrategies(spec, out bool[] tooLarge);
            LossDefinition loss = Losses.Of(spec.Loss);
            int count = spec.Layers.Count;

            var layers = new List<LayerPlan>(count);
            int offset = 0, outputOffset = 0;
            var predict = new ScratchAllocator();
            var train = new ScratchAllocator();
            int inputs = spec.InputSize;
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerSpec layer = spec.Layers[i];
                int k = i + 1, units = layer.Units;
                bool isLast = i == count - 1;
                bool vector = IsLooped(strategies[i]);
                bool nextVector = !isLast && IsLooped(strategies[i + 1]);
                bool identity = layer.Activation == Activation.Identity;
                bool fused = isLast && loss.IsFused;

                // Predict: a vector layer keeps z and h in scratch (h is z for Identity; the last layer writes h into the
                // caller's output); an unrolled layer keeps locals and copies h into a span when a vector layer or the
                // caller reads it.
                LayerValues predictValues, traceValues, trainValues;
                Place traceH = new(Storage.LayerOutputs, $"h{k}", outputOffset);
                if (vector)
                {
                    Place z = identity && isLast ? new Place(Storage.Output, $"h{k}") : predict.Take($"z{k}", units);
                    Place h = identity ? z : isLast ? new Place(Storage.Output, $"h{k}") : predict.Take($"h{k}", units);
                    predictValues = new LayerValues(z, h, h, Place.Nowhere, Place.Nowhere);

                    // Trace reuses Predict's scratch; every h lands in layerOutputs.
                    Place traceZ = identity ? traceH : predictValues.Z;
                    traceValues = new LayerValues(traceZ, identity ? traceZ : traceH, identity ? traceZ : traceH, Place.Nowhere, Place.Nowhere);

                    // Training keeps every buffer the backward pass reads.
                    Place trainZ = train.Take($"z{k}", units);
                    Place trainH = identity ? trainZ : train.Take($"h{k}", units);
                    Place trainDh = fused ? Place.Nowhere : train.Take($"dh{k}", units);
                    Place trainDz = identity && !fused ? trainDh : train.Take($"dz{k}", units);
                    trainValues = new LayerValues(trainZ, trainH, trainH, trainDz, trainDh);
                }
                else
                {
                    Place z = new(Storage.Locals, $"z{k}");
                    Place h = identity ? z : new Place(Storage.Locals, $"h{k}");
                    Place predictSpan = isLast ? new Place(Storage.Output, $"h{k}") : nextVector ? predict.Take($"h{k}", units) : Place.Nowhere;
                    predictValues = new LayerValues(z, h, predictSpan, Place.Nowhere, Place.Nowhere);
                    traceValues = new LayerValues(z, h, traceH, Place.Nowhere, Place.Nowhere);

                    // dL/dh is a span where a vector neighbour writes it (the next layer) and locals otherwise; dL/dz
                    // is locals, and for Identity it is dL/dh itself.
                    Place trainSpan = nextVector ? train.Take($"h{k}", units) : Place.Nowhere;
                    Place dh = fused ? Place.Nowhere : nextVector ? train.Take($"dh{k}", units) : new Place(Storage.Locals, $"dh{k}");
                    Place dz = identity && !fused && dh.IsLocals ? dh : new Place(Storage.Locals, $"dz{k}");
                    trainValues = new LayerValues(z, h, trainSpan, dz, dh);
                }

                int biasOffset = layer.Bias ? offset + (units * inputs) : -1;
                layers.Add(new LayerPlan(
                    Number: k,
                    Inputs: inputs,
                    Units: units,
                    Declaration: InPrecision(layer, spec.Precision),
                    WeightOffset: offset,
                    BiasOffset: biasOffset,
                    OutputOffset: outputOffset,
                    Strategy: strategies[i],
                    LoopedForSize: vector && tooLarge[i],
                    Predict: predictValues,
                    Trace: traceValues,
                    Train: trainValues));

                offset += (int)ParameterLayout.LayerCount(inputs, units, layer.Bias);
                outputOffset += units;
                inputs = units;
            }

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
                PredictScratch: predict.Size,
                PredictScratchOnStack: predict.Size * numeric.Size <= StackScratchBytes,
                PredictInline: offset <= InlinePredictParameters && predict.Size * numeric.Size <= StackScratchBytes,
                TrainScratch: train.Size,
                ErrorId: spec.ErrorId,
                EmbeddedBits: spec.EmbeddedBits);
        }

        /// <summary>
        /// The code shape of each layer: unrolled scalar code within the budgets unless the shape vectorises well (a
        /// single-input layer's weights are one contiguous column; a fan-in of 32 or more fills whole vectors in every
        /// dot product), vector code otherwise. <paramref name="tooLarge"/> says which layers exceed a budget.
        /// </summary>
        public static LayerStrategy[] ChooseStrategies(NetworkSpec spec, out bool[] tooLarge)
        {
            int count = spec.Layers.Count;
            var strategies = new LayerStrategy[count];
            tooLarge = new bool[count];
            int unrolledWeights = 0;
            int inputs = spec.InputSize;
            long parameters = 0;
            for (int i = 0; i < count; i++)
            {
                parameters += ParameterLayout.LayerCount(i == 0 ? spec.InputSize : spec.Layers[i - 1].Units, spec.Layers[i].Units, spec.Layers[i].Bias);
            }

            for (int i = 0; i < count; i++)
            {
                int units = spec.Layers[i].Units;
                int weights = units * inputs;
                bool vectorShape = (inputs == 1 && units >= SingleInputVectorUnits) || inputs >= WideFanIn;
                tooLarge[i] = weights > UnrollBudget || unrolledWeights + weights > NetworkUnrollBudget;
                if (spec.Unrolling == Unrolling.Full || (spec.Unrolling == Unrolling.Auto && !tooLarge[i] && !vectorShape))
                {
                    strategies[i] = spec.Unrolling == Unrolling.Auto && VectorUnitsFit(spec, inputs, parameters, spec.Layers[i].Activation) ? LayerStrategy.VectorUnits : LayerStrategy.UnrolledScalar;
                    unrolledWeights += weights;
                }
                else
                {
                    strategies[i] = inputs == 1 ? LayerStrategy.VectorAcrossOutputs : LayerStrategy.VectorRows;
                }

                inputs = units;
            }

            return strategies;
        }

        /// <summary>
        /// Whether a layer that is small enough to unroll runs <see cref="LayerStrategy.VectorUnits"/> in Predict instead:
        /// single precision, at least two inputs (one input runs vectors across the units), and a parameter array of at
        /// least one vector (every load stays inside it). Measured against the unrolled code on sincos 7 → 10 → 2, xor
        /// 3 → 4 → 1 and digits' 10 → 10 softmax (benchmarks/README.md, "Small-network vector code").
        /// Sigmoid layers included since the vector exponential's polynomial runs in Estrin's form (three FMAs deep instead
        /// of eight): xor 3 → 4 → 1 22.9 → 19.0 ns with AVX-512, 23.0 → 19.9 with AVX2, 23.0 → 22.2 with 128-bit vectors
        /// only, where the Horner form had measured 1.2× slower than the unrolled code (benchmarks/README.md, "Sigmoid
        /// layers in vectors").
        /// </summary>
        private static bool VectorUnitsFit(NetworkSpec spec, int inputs, long parameters, Activation activation) =>
            spec.Precision != Precision.Double && inputs >= 2 && parameters >= 4;

        private static bool IsLooped(LayerStrategy strategy) => strategy is LayerStrategy.VectorAcrossOutputs or LayerStrategy.VectorRows;

        /// <summary><c>{Namespace}.{Outer+Inner}.NetGen.g.cs</c>, with characters that are not valid in a file name replaced.</summary>
        public static string HintName(NetworkSpec spec)
        {
            string types = string.Join("+", spec.Types.Select(t => t.Name));
            string name = spec.Namespace.Length == 0 ? types : spec.Namespace + "." + types;
            return name.Replace('`', '_').Replace('<', '_').Replace('>', '_').Replace("@", string.Empty) + ".NetGen.g.cs";
        }

        /// <summary>
        /// The layer's numeric options as the network computes with them: a single-precision network rounds each declared
        /// double once, here, so the emitted code, <c>NetworkInfo</c> and everything the runtime derives from it use the same
        /// value; a double network keeps them as written.
        /// </summary>
        private static LayerSpec InPrecision(LayerSpec layer, Precision precision) => precision == Precision.Double
            ? layer
            : layer with
            {
                Alpha = (float)layer.Alpha,
                BiasInit = (float)layer.BiasInit,
                UniformLow = (float)layer.UniformLow,
                UniformHigh = (float)layer.UniformHigh,
            };

        /// <summary>Hands out consecutive slices of one scratch span.</summary>
        private sealed class ScratchAllocator
        {
            public int Size { get; private set; }

            public Place Take(string name, int length)
            {
                var place = new Place(Storage.Scratch, name, Size);
                Size += length;
                return place;
            }
        }
    }
}
