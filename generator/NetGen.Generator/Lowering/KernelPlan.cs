using NetGen.Generator.Model;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// Everything the emitter prints, decided: names, shapes, parameter offsets, each layer's code shape
    /// (<see cref="LayerStrategy"/>) and where each of its values lives in each generated method. The emitter prints
    /// this and decides nothing of its own.
    /// </summary>
    internal sealed record KernelPlan(
        string Namespace,
        EquatableArray<TypeDeclSpec> Types,
        string HintName,
        NumericType Numeric,
        Loss Loss,
        Reduction Reduction,
        Precision Precision,
        int InputSize,
        int OutputSize,
        int ParameterCount,
        int TotalUnits,
        EquatableArray<LayerPlan> Layers,
        int PredictScratch,
        bool PredictScratchOnStack,
        bool PredictInline,
        int TrainScratch,
        string? ErrorId,
        EquatableArray<ulong> EmbeddedBits = default)
    {
        public bool HasEmbeddedWeights => EmbeddedBits.Count > 0;

        public TypeDeclSpec Type => Types[Types.Count - 1];

        public LayerPlan Output => Layers[Layers.Count - 1];

        /// <summary>The loss's definition: its terms, gradient and formula.</summary>
        public LossDefinition LossOp => Losses.Of(Loss);

        /// <summary>Whether the loss is fused with the output layer's activation (its gradient is then dL/dz).</summary>
        public bool FusedLoss => LossOp.IsFused;

        /// <summary>Whether any layer runs vector code in training (then AccumulateGradients gets one body per vector width).</summary>
        public bool HasVectorLayers
        {
            get
            {
                foreach (LayerPlan layer in Layers)
                {
                    if (!layer.Unrolled)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Whether any layer runs vector code in Predict (then Predict gets one body per vector width).</summary>
        public bool HasVectorPredict
        {
            get
            {
                foreach (LayerPlan layer in Layers)
                {
                    if (!layer.Unrolled || layer.Strategy == LayerStrategy.VectorUnits)
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    /// <summary>The C# spelling of a precision: type name, literal suffix, math class.</summary>
    internal sealed record NumericType(string Name, string Suffix, string MathClass)
    {
        public static readonly NumericType Single = new("float", "f", "global::System.MathF");

        public static readonly NumericType Double = new("double", "d", "global::System.Math");

        public int Size => this == Double ? 8 : 4;
    }

    /// <summary>The shape of the code a layer becomes.</summary>
    internal enum LayerStrategy
    {
        /// <summary>Straight-line scalar code: one statement per unit, every value in a local, every offset a constant.</summary>
        UnrolledScalar,

        /// <summary>
        /// One input: the weights are one contiguous column, so the layer is <c>z = W·x₀ + b</c> as one fused
        /// multiply-add per vector of units, with the activation applied to each vector in registers.
        /// </summary>
        VectorAcrossOutputs,

        /// <summary>
        /// Rows of the weight matrix in blocks of up to four, each a vector dot product with the input (fused
        /// multiply-adds into independent accumulators), then the activation over vectors of units.
        /// </summary>
        VectorRows,

        /// <summary>
        /// A small layer whose Predict runs 128-bit vectors (its training and its scalar Predict are the unrolled code):
        /// each weight row is one or a few vectors (lanes past the row masked to zero, loads inside the parameter array),
        /// multiplied with the input in vectors, and each block of four rows is summed into one vector of four units by a
        /// transpose-and-add tree (<c>Kernels.Sum4</c>); bias and activation apply to those vectors, which the next such
        /// layer reads as its input without a trip through memory.
        /// </summary>
        VectorUnits,
    }

    /// <summary>Where a value is held in one generated method.</summary>
    internal enum Storage
    {
        /// <summary>Not held: the method does not need it.</summary>
        None,

        /// <summary>One local per unit, named <c>{Name}_{unit}</c>.</summary>
        Locals,

        /// <summary>A slice of the method's scratch span at <see cref="Place.Offset"/>, named <c>{Name}</c>.</summary>
        Scratch,

        /// <summary>The caller's <c>output</c> span.</summary>
        Output,

        /// <summary>The caller's <c>layerOutputs</c> span (Trace) at <see cref="Place.Offset"/>.</summary>
        LayerOutputs,
    }

    /// <summary>
    /// Where a value lives and the name the generated code gives it. Two values with equal places are one value (an
    /// Identity layer's output is its pre-activation; its dL/dz is its dL/dh): the emitter prints the name once.
    /// </summary>
    internal sealed record Place(Storage Storage, string Name, int Offset = -1)
    {
        public static readonly Place Nowhere = new(Storage.None, string.Empty);

        public bool IsSpan => Storage is Storage.Scratch or Storage.Output or Storage.LayerOutputs;

        public bool IsLocals => Storage == Storage.Locals;

        public bool Exists => Storage != Storage.None;
    }

    /// <summary>
    /// The values of one layer in one method: pre-activation z, output h, and in training dL/dz and dL/dh.
    /// <see cref="HSpan"/> is where h must also land as a span (a vector layer's input, the caller's output, the trace)
    /// when <see cref="H"/> is held in locals.
    /// </summary>
    internal sealed record LayerValues(Place Z, Place H, Place HSpan, Place Dz, Place Dh);

    /// <summary>
    /// One Dense layer, lowered. <see cref="Number"/> is 1-based and names its values (<c>z1</c>, <c>h1_0</c>).
    /// <see cref="BiasOffset"/> is −1 without bias.
    /// </summary>
    internal sealed record LayerPlan(
        int Number,
        int Inputs,
        int Units,
        LayerSpec Declaration,
        int WeightOffset,
        int BiasOffset,
        int OutputOffset,
        LayerStrategy Strategy,
        bool LoopedForSize,
        LayerValues Predict,
        LayerValues Trace,
        LayerValues Train)
    {
        public Activation Activation => Declaration.Activation;

        public bool HasBias => Declaration.Bias;

        public double Alpha => Declaration.Alpha;

        public Init WeightInit => Declaration.WeightInit;

        public double BiasInit => Declaration.BiasInit;

        public double UniformLow => Declaration.UniformLow;

        public double UniformHigh => Declaration.UniformHigh;

        /// <summary>The activation's definition: forward, derivative, formula.</summary>
        public ActivationDefinition Op => Activations.Of(Activation);

        public int WeightCount => Units * Inputs;

        public bool IsFirst => Number == 1;

        /// <summary>Whether training (and Trace, and scalar Predict) run this layer as unrolled scalar code.</summary>
        public bool Unrolled => Strategy is LayerStrategy.UnrolledScalar or LayerStrategy.VectorUnits;
    }
}
