namespace NetGen
{
    /// <summary>
    /// The defaults of the numeric <see cref="DenseAttribute"/> options, written once: the attribute, the generator's
    /// parser and <see cref="LayerDeclaration"/> all use these constants. Compiled into the runtime and, linked, into the
    /// generator.
    /// </summary>
    internal static class LayerDefaults
    {
        /// <summary>The LeakyReLU slope.</summary>
        public const double Alpha = 0.01;

        /// <summary>The value biases start at.</summary>
        public const double BiasInit = 0.0;

        /// <summary>The lower bound of <see cref="Init.Uniform"/>.</summary>
        public const double UniformLow = -0.05;

        /// <summary>The upper bound of <see cref="Init.Uniform"/>.</summary>
        public const double UniformHigh = 0.05;
    }
}
