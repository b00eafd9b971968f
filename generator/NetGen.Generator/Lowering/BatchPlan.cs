using System.Collections.Generic;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// The batched members' code shape, derived from a <see cref="KernelPlan"/>. Samples go through the network a block
    /// of <see cref="Block"/> at a time (every weight is read once per block). Inside a block the hidden values are
    /// feature-major, [units, <see cref="Block"/>]: a layer is then Zᵀ = W·Hᵀ + b with one weight broadcast against vectors
    /// of samples, so no lanes are ever summed and layers of any fan-in (one input included) run in whole vectors. The
    /// weight gradient dW += dZᵀ·H runs sample-major instead (vectors along the fan-in, one dL/dz broadcast), over
    /// transposed copies. The caller's arrays, the loss and the output are sample-major, [samples, width].
    /// </summary>
    /// <remarks>
    /// Scratch layout: the padded input block (sample-major), its transpose, the output layer's z and h and the loss
    /// gradient (sample-major), two sample-major transposition buffers, each layer's z and h blocks (h is z for Identity
    /// and for the output layer) — the end of these is <see cref="PredictScratch"/> — then each layer's dL/dh block,
    /// which the backward pass turns into dL/dz in place (<see cref="TrainScratch"/>). <see cref="Single"/> is the layout
    /// of a forward pass of one sample (<c>EvaluateLoss</c>), which runs row dot products instead of a block.
    /// </remarks>
    internal sealed class BatchPlan
    {
        /// <summary>Bytes of the widest vector: a block is two of them of samples (32 floats, 16 doubles).</summary>
        private const int WidestVectorBytes = 64;

        /// <summary>Output rows the single-sample kernel computes together (four independent dot products).</summary>
        public const int SingleRows = 4;

        private BatchPlan(int block, int input, int inputT, int outputZ, int outputH, int lossGradient, int tempH, int tempDz,
            int predictScratch, int trainScratch, IReadOnlyList<BatchLayerPlan> layers, SinglePlan single, int bytesPerValue)
        {
            Block = block;
            Input = input;
            InputT = inputT;
            OutputZ = outputZ;
            OutputH = outputH;
            LossGradient = lossGradient;
            TempH = tempH;
            TempDz = tempDz;
            PredictScratch = predictScratch;
            PredictScratchOnStack = predictScratch * bytesPerValue <= NetworkLowering.StackScratchBytes;
            TrainScratch = trainScratch;
            Layers = layers;
            Single = single;
        }

        /// <summary>Samples per block: two of the widest vectors, so that every width fills whole vectors of samples.</summary>
        public int Block { get; }

        /// <summary>
        /// A last block of fewer samples than this runs sample by sample (Predict, AccumulateGradients, the single-sample
        /// loss): a third of a block, where a padded block starts to cost more than the samples one at a time.
        /// </summary>
        public int SinglesBelow => (Block + 2) / 3;

        /// <summary>Offset of the padded input block, [Block, inputs] (used for the last, partial block only).</summary>
        public int Input { get; }

        /// <summary>Offset of the input block transposed, [inputs, Block].</summary>
        public int InputT { get; }

        /// <summary>Offset of the output layer's z, sample-major [Block, outputs].</summary>
        public int OutputZ { get; }

        /// <summary>Offset of the output layer's h, sample-major (the same as <see cref="OutputZ"/> for Identity).</summary>
        public int OutputH { get; }

        /// <summary>Offset of the loss gradient, sample-major: dL/dh, or the fused dL/dz; the output layer's dL/dz in place.</summary>
        public int LossGradient { get; }

        /// <summary>Sample-major transposition buffer for a layer's input H (weight gradient) and softmax rows.</summary>
        public int TempH { get; }

        /// <summary>Sample-major transposition buffer for a layer's dL/dz (weight gradient) and softmax rows.</summary>
        public int TempDz { get; }

        /// <summary>Scratch values of the forward-only members (<c>PredictBatch</c>, <c>EvaluateLossBatch</c>).</summary>
        public int PredictScratch { get; }

        /// <summary>Whether the forward-only scratch is small enough for <c>stackalloc</c>.</summary>
        public bool PredictScratchOnStack { get; }

        /// <summary>Scratch values of <c>AccumulateGradientsBatch</c> (the forward layout plus the gradient blocks).</summary>
        public int TrainScratch { get; }

        public IReadOnlyList<BatchLayerPlan> Layers { get; }

        public BatchLayerPlan Output => Layers[Layers.Count - 1];

        public SinglePlan Single { get; }

        /// <summary>
        /// Register blocking of the broadcast kernels (forward and dL/dH), per vector width in bits (0 = scalar): rows of
        /// outputs × vectors of samples, each a vector accumulator; one input value is broadcast per row and one vector of
        /// samples loaded per column. 8 × 2 = 16 accumulators of 32 zmm registers; 6 × 2 = 12 of 16 ymm/xmm; scalars 2 × 4.
        /// </summary>
        public static (int Rows, int Vectors) BroadcastBlocking(int bits) => bits switch
        {
            512 => (8, 2),
            256 or 128 => (6, 2),
            _ => (2, 4),
        };

        /// <summary>
        /// Register blocking of the weight-gradient kernel: rows of dW × vectors along the fan-in, accumulated over the
        /// block's samples in registers and added to dW once per block. 4 × 4 of 32 zmm; 4 × 2 of 16 ymm/xmm; scalars 2 × 4.
        /// </summary>
        public static (int Rows, int Vectors) GradientBlocking(int bits) => bits switch
        {
            512 => (4, 4),
            256 or 128 => (4, 2),
            _ => (2, 4),
        };

        /// <summary>
        /// Whether a layer's fan-in is too narrow for vectors along it (fewer than 8 values): its weight gradient is then
        /// a dot product along the block's samples per weight, read from the feature-major blocks, not dZᵀ·X sample-major.
        /// </summary>
        public static bool IsNarrow(LayerPlan layer) => layer.Inputs < 8;

        public static BatchPlan Lower(KernelPlan plan, int bytesPerValue)
        {
            int b = WidestVectorBytes / bytesPerValue * 2;
            int offset = 0;
            int Take(int values)
            {
                int at = offset;
                offset += values;
                return at;
            }

            int widest = 0;
            foreach (LayerPlan layer in plan.Layers)
            {
                widest = System.Math.Max(widest, layer.Units);
            }

            int o = plan.OutputSize;
            int input = Take(b * plan.InputSize);
            int inputT = Take(b * plan.InputSize);
            int outputZ = Take(b * o);
            int outputH = plan.Output.Activation == Activation.Identity ? outputZ : Take(b * o);
            int lossGradient = Take(b * o);
            int tempH = Take(b * widest);
            int tempDz = Take(b * widest);
            var z = new int[plan.Layers.Count];
            var h = new int[plan.Layers.Count];
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                z[i] = Take(b * layer.Units);
                bool last = i == plan.Layers.Count - 1;
                h[i] = layer.Activation == Activation.Identity || last ? z[i] : Take(b * layer.Units);
            }

            int predictScratch = offset;
            var layers = new List<BatchLayerPlan>(plan.Layers.Count);
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                layers.Add(new BatchLayerPlan(plan.Layers[i], z[i], h[i], Take(b * plan.Layers[i].Units)));
            }

            return new BatchPlan(b, input, inputT, outputZ, outputH, lossGradient, tempH, tempDz, predictScratch, offset, layers,
                SinglePlan.Lower(plan, bytesPerValue), bytesPerValue);
        }
    }

    /// <summary>One layer's block buffers, feature-major [units, Block]: z, h (z for Identity and the output layer) and dL/dh, which becomes dL/dz in place.</summary>
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

    /// <summary>
    /// The forward pass of one sample for <c>EvaluateLoss</c>: each layer's z and h (h is z for Identity) and the loss
    /// gradient the loss kernel writes and the member discards.
    /// </summary>
    internal sealed class SinglePlan
    {
        private SinglePlan(int[] z, int[] h, int lossGradient, int scratch, bool onStack)
        {
            Z = z;
            H = h;
            LossGradient = lossGradient;
            Scratch = scratch;
            OnStack = onStack;
        }

        public IReadOnlyList<int> Z { get; }

        public IReadOnlyList<int> H { get; }

        public int LossGradient { get; }

        public int Scratch { get; }

        public bool OnStack { get; }

        public int OutputZ => Z[Z.Count - 1];

        public int OutputH => H[H.Count - 1];

        public static SinglePlan Lower(KernelPlan plan, int bytesPerValue)
        {
            int offset = 0;
            var z = new int[plan.Layers.Count];
            var h = new int[plan.Layers.Count];
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                z[i] = offset;
                offset += layer.Units;
                h[i] = layer.Activation == Activation.Identity ? z[i] : offset;
                offset += layer.Activation == Activation.Identity ? 0 : layer.Units;
            }

            int gradient = offset;
            offset += plan.OutputSize;
            return new SinglePlan(z, h, gradient, offset, offset * bytesPerValue <= NetworkLowering.StackScratchBytes);
        }
    }
}
