using NetGen.Generator.Model;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// An additional file read as a NetGen weights text file (docs/weights-format.md): its topology and every
    /// parameter's IEEE 754 bits, or why it could not be read. Value-equatable, so an unchanged file stays cached.
    /// </summary>
    /// <param name="Path">The additional file's path as the compiler gives it.</param>
    /// <param name="Error">Null when the file was read; else what is wrong with it, as a phrase for a diagnostic.</param>
    /// <param name="Unreadable">The compiler could not read the file (it is listed but missing, for instance).</param>
    internal sealed record WeightsFileSpec(
        string Path,
        string? Error,
        bool Unreadable,
        Precision Precision,
        int InputSize,
        EquatableArray<WeightsLayerSpec> Layers,
        EquatableArray<ulong> Bits);

    /// <summary>A layer as a weights file records it.</summary>
    internal sealed record WeightsLayerSpec(int Units, Activation Activation, bool HasBias, uint AlphaBits);
}
