namespace NetGen
{
    /// <summary>
    /// The parameter-layout arithmetic, written once (DESIGN §2): layer by layer, a Dense layer's weights as a row-major
    /// [units, inputs] matrix followed by its units biases. Computed in <see cref="long"/> so that a corrupt weights
    /// header or an oversized declaration is detected instead of wrapping. Compiled into the runtime and, linked, into
    /// the generator.
    /// </summary>
    internal static class ParameterLayout
    {
        /// <summary>The most values one unit keeps in the training scratch space: z, h, dL/dz and dL/dh.</summary>
        public const int ScratchValuesPerUnit = 4;

        /// <summary>A layer's weights and biases: units × inputs, plus units when it has biases.</summary>
        public static long LayerCount(long inputs, long units, bool hasBias) => (units * inputs) + (hasBias ? units : 0);
    }
}
