namespace NetGen.Generator.Model
{
    /// <summary>A network as the user declared it: everything the later stages need, and nothing from Roslyn.</summary>
    /// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
    /// <param name="Types">The type and its containing types, outermost first; the last one is the network.</param>
    /// <param name="Loss">The declared loss.</param>
    /// <param name="Reduction">The declared reduction.</param>
    /// <param name="Precision">The declared precision.</param>
    /// <param name="Unrolling">The declared unrolling choice.</param>
    /// <param name="InputSize">The declared input width (0 when missing).</param>
    /// <param name="Layers">The Dense layers in source order.</param>
    /// <param name="ErrorId">The id of the first error that prevents generating the network, or null.</param>
    /// <param name="EmbeddedWeightsPath">The path given to [EmbeddedWeights], or null.</param>
    /// <param name="EmbeddedBits">The embedded parameters' IEEE 754 bits, once the weights file (or ONNX model) has been resolved.</param>
    /// <param name="ImportOnnxPath">The path given to [ImportOnnx], or null.</param>
    /// <param name="ImportOutputActivation">[ImportOnnx]'s OutputActivation: the activation given to an output layer the model leaves linear.</param>
    internal sealed record NetworkSpec(
        string Namespace,
        EquatableArray<TypeDeclSpec> Types,
        Loss Loss,
        Reduction Reduction,
        Precision Precision,
        Unrolling Unrolling,
        int InputSize,
        EquatableArray<LayerSpec> Layers,
        string? ErrorId,
        string? EmbeddedWeightsPath = null,
        EquatableArray<ulong> EmbeddedBits = default,
        string? ImportOnnxPath = null,
        Activation ImportOutputActivation = Activation.Identity)
    {
        /// <summary>Whether the network carries weights baked in at build time.</summary>
        public bool HasEmbeddedWeights => EmbeddedBits.Count > 0;

        /// <summary>The network's own type.</summary>
        public TypeDeclSpec Type => Types[Types.Count - 1];
    }

    /// <summary>One Dense layer as declared.</summary>
    internal sealed record LayerSpec(
        int Units,
        Activation Activation,
        bool Bias,
        double Alpha,
        Init WeightInit,
        double BiasInit,
        double UniformLow,
        double UniformHigh);

    /// <summary>
    /// A type declaration the generated partial must repeat: its keyword (<c>class</c>, <c>record</c>, <c>struct</c>, …),
    /// its name and which constructors the user declared (the generated replica constructor must not remove theirs).
    /// </summary>
    internal sealed record TypeDeclSpec(string Keyword, string Name, UserConstructors Constructors = UserConstructors.None);

    /// <summary>The instance constructors a network type declares in user code.</summary>
    internal enum UserConstructors
    {
        /// <summary>None: the compiler's parameterless constructor, which the generated code must then declare itself.</summary>
        None,

        /// <summary>At least one, none of them primary.</summary>
        Explicit,

        /// <summary>A primary constructor, which every other constructor would have to call: no replica constructor.</summary>
        Primary,
    }
}
