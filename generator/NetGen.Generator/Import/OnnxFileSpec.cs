using NetGen.Generator.Model;
using NetGen.Onnx.Import;

namespace NetGen.Generator.Import
{
    /// <summary>
    /// An ONNX model as the build read it: the network it describes (input width, layers, every parameter's IEEE 754
    /// double bits in NetGen's layout) or why it could not be read. Value-equatable, so an unchanged file stops the
    /// pipeline.
    /// </summary>
    /// <param name="Path">The additional file's path.</param>
    /// <param name="Unreadable">Why the compiler could not give the file's bytes, or null.</param>
    /// <param name="Problem">What stopped the import, <see cref="OnnxImportProblem.None"/> when it succeeded.</param>
    /// <param name="Message">The problem as a sentence fragment (node and op type included), empty on success.</param>
    /// <param name="IsDouble">Whether the model's tensors are doubles.</param>
    /// <param name="InputSize">The input width.</param>
    /// <param name="Layers">The Dense layers.</param>
    /// <param name="Values">Every parameter as the bits of a double (floats widened exactly), layer by layer: weights [units, inputs], then biases.</param>
    internal sealed record OnnxFileSpec(
        string Path,
        string? Unreadable,
        OnnxImportProblem Problem,
        string Message,
        bool IsDouble,
        int InputSize,
        EquatableArray<OnnxLayerSpec> Layers,
        EquatableArray<ulong> Values);

    /// <summary>A layer as the model defines it.</summary>
    internal sealed record OnnxLayerSpec(int Units, Activation Activation, bool HasBias, float Alpha);
}
