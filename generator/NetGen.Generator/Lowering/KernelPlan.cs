using NetGen.Generator.Model;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// Everything the emitter prints, decided: names, shapes, parameter offsets, which layers are unrolled, and where
    /// each looped layer's buffers sit in the scratch space. The emitter makes no decision of its own.
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
        int TrainScratch,
        string? ErrorId,
        EquatableArray<ulong> EmbeddedBits = default)
    {
        public bool HasEmbeddedWeights => EmbeddedBits.Count > 0;

        public TypeDeclSpec Type => Types[Types.Count - 1];

        public LayerPlan Output => Layers[Layers.Count - 1];
    }

    /// <summary>The C# spelling of a precision: type name, literal suffix, math class.</summary>
    internal sealed record NumericType(string Name, string Suffix, string MathClass)
    {
        public static readonly NumericType Single = new("float", "f", "global::System.MathF");

        public static readonly NumericType Double = new("double", "d", "global::System.Math");
    }

    /// <summary>
    /// One Dense layer, lowered. <see cref="Number"/> is 1-based and names its locals (<c>z1_0</c>, <c>h1_0</c>).
    /// Scratch offsets are −1 when the layer does not need that buffer.
    /// </summary>
    internal sealed record LayerPlan(
        int Number,
        int Inputs,
        int Units,
        Activation Activation,
        double Alpha,
        bool HasBias,
        Init WeightInit,
        double BiasInit,
        double UniformLow,
        double UniformHigh,
        int WeightOffset,
        int BiasOffset,
        int OutputOffset,
        bool Unrolled,
        bool LoopedForSize,
        bool InputIsSpan,
        bool OutputToSpan,
        bool OutputGradientIsSpan,
        int PredictZ,
        int PredictH,
        int TrainZ,
        int TrainH,
        int TrainDz,
        int TrainDh)
    {
        public int WeightCount => Units * Inputs;

        public bool IsFirst => Number == 1;
    }
}
