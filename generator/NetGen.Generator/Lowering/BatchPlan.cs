using System.Collections.Generic;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// The batched members' code shape, derived from a <see cref="KernelPlan"/>: the block of samples processed
    /// together (each weight is read once per block), the rows of a layer computed together, and where each block
    /// buffer sits in the batch scratch space. Samples in a block are stored one after another (row-major
    /// [<see cref="Block"/>, width]), as the caller's arrays are.
    /// </summary>
    /// <remarks>
    /// Scratch layout: the padded input block, the padded target block, the loss gradient of a forward-only loss, each
    /// layer's z and h blocks (h is z for Identity) — the end of these is <see cref="PredictScratch"/> — then each
    /// layer's dL/dh block, which the backward pass turns into dL/dz in place (<see cref="TrainScratch"/>).
    /// </remarks>
    internal sealed class BatchPlan
    {
        /// <summary>Samples per block: with two rows of weights in registers, 2 × 4 accumulators per vector width.</summary>
        public const int SamplesPerBlock = 4;

        /// <summary>Output rows computed together by the forward kernel.</summary>
        public const int RowsPerBlock = 2;

        private BatchPlan(int input, int target, int lossGradient, int predictScratch, bool predictScratchOnStack, int trainScratch, IReadOnlyList<BatchLayerPlan> layers)
        {
            Input = input;
            Target = target;
            LossGradient = lossGradient;
            PredictScratch = predictScratch;
            PredictScratchOnStack = predictScratchOnStack;
            TrainScratch = trainScratch;
            Layers = layers;
        }

        public int Block => SamplesPerBlock;

        /// <summary>Offset of the padded input block (used for the last, partial block only).</summary>
        public int Input { get; }

        /// <summary>Offset of the padded target block.</summary>
        public int Target { get; }

        /// <summary>Offset of the output-gradient block a forward-only loss writes and discards.</summary>
        public int LossGradient { get; }

        /// <summary>Scratch values of the forward-only members (<c>PredictBatch</c>, <c>LossBatch</c>).</summary>
        public int PredictScratch { get; }

        /// <summary>Whether the forward-only scratch is small enough for <c>stackalloc</c>.</summary>
        public bool PredictScratchOnStack { get; }

        /// <summary>Scratch values of <c>AccumulateGradientsBatch</c> (the forward layout plus the gradient blocks).</summary>
        public int TrainScratch { get; }

        public IReadOnlyList<BatchLayerPlan> Layers { get; }

        public BatchLayerPlan Output => Layers[Layers.Count - 1];

        public static BatchPlan Lower(KernelPlan plan, int bytesPerValue)
        {
            int b = SamplesPerBlock;
            int offset = 0;
            int Take(int values)
            {
                int at = offset;
                offset += values;
                return at;
            }

            int input = Take(b * plan.InputSize);
            int target = Take(b * plan.OutputSize);
            int lossGradient = Take(b * plan.OutputSize);
            var z = new int[plan.Layers.Count];
            var h = new int[plan.Layers.Count];
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                z[i] = Take(b * layer.Units);
                h[i] = layer.Activation == Activation.Identity ? z[i] : Take(b * layer.Units);
            }

            int predictScratch = offset;
            var layers = new List<BatchLayerPlan>(plan.Layers.Count);
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                layers.Add(new BatchLayerPlan(plan.Layers[i], z[i], h[i], Take(b * plan.Layers[i].Units)));
            }

            return new BatchPlan(
                input, target, lossGradient, predictScratch, predictScratch * bytesPerValue <= NetworkLowering.StackScratchBytes, offset, layers);
        }
    }

    /// <summary>One layer's block buffers: z, h (the same as z for Identity) and dL/dh, which becomes dL/dz in place.</summary>
    internal sealed class BatchLayerPlan
    {
        public BatchLayerPlan(LayerPlan layer, int z, int h, int gradient)
        {
            Layer = layer;
            Z = z;
            H = h;
            Gradient = gradient;
        }

        public LayerPlan Layer { get; }

        public int Z { get; }

        public int H { get; }

        public int Gradient { get; }
    }
}
