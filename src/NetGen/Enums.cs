// This file is compiled into the runtime library (public) and linked into the generator (internal), so
// that both sides agree on every member's name and value. Append new members; never renumber.

namespace NetGen
{
    /// <summary>The function a <see cref="DenseAttribute"/> layer applies to each of its units.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Activation
    {
        /// <summary>y = z. The default, and the right choice for a regression output.</summary>
        Identity = 0,
        /// <summary>y = max(z, 0); the derivative at 0 is 0.</summary>
        ReLU = 1,
        /// <summary>y = z for z &gt; 0, else Alpha·z (see <see cref="DenseAttribute.Alpha"/>).</summary>
        LeakyReLU = 2,
        /// <summary>y = 1 / (1 + e^−z), computed without overflow for any finite z.</summary>
        Sigmoid = 3,
        /// <summary>y = tanh(z).</summary>
        Tanh = 4,
        /// <summary>y_k = e^(z_k − max z) / Σ_j e^(z_j − max z): a probability distribution over the layer's units.</summary>
        Softmax = 5,
    }

    /// <summary>The loss a network is trained to minimise, declared on <see cref="NetworkAttribute"/>.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Loss
    {
        /// <summary>(1/n) Σ (y_k − t_k)² over the n outputs. Works with every output activation.</summary>
        MeanSquaredError = 0,
        /// <summary>−Σ t_k ln y_k with y the softmax of the last layer; requires a Softmax output layer.</summary>
        CrossEntropy = 1,
        /// <summary>−(1/n) Σ [t_k ln y_k + (1 − t_k) ln(1 − y_k)] with sigmoid outputs; requires a Sigmoid output layer.</summary>
        BinaryCrossEntropy = 2,
    }

    /// <summary>How the losses of a mini-batch's samples are combined.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Reduction
    {
        /// <summary>The batch loss is the mean of the samples' losses: the step size does not depend on the batch size.</summary>
        Mean = 0,
        /// <summary>The batch loss is the sum of the samples' losses: the gradient grows with the batch size.</summary>
        Sum = 1,
    }

    /// <summary>The floating-point type of a network's parameters, inputs and outputs.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Precision
    {
        /// <summary><see cref="float"/> (the default).</summary>
        Single = 0,
        /// <summary><see cref="double"/>.</summary>
        Double = 1,
    }

    /// <summary>How a layer's weights are drawn by <c>Initialize(seed)</c>.</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Init
    {
        /// <summary>He (normal) for ReLU and LeakyReLU layers, Glorot (uniform) for every other activation.</summary>
        Auto = 0,
        /// <summary>Normal with mean 0 and standard deviation gain·√(1/fanIn), gain² = 2/(1+α²) (α = 0 for ReLU).</summary>
        HeNormal = 1,
        /// <summary>Uniform on ±gain·√(3/fanIn), gain² = 2/(1+α²).</summary>
        HeUniform = 2,
        /// <summary>Normal with mean 0 and standard deviation √(2/(fanIn+fanOut)).</summary>
        GlorotNormal = 3,
        /// <summary>Uniform on ±√(6/(fanIn+fanOut)).</summary>
        GlorotUniform = 4,
        /// <summary>Every weight 0. Units never become different from each other; almost always a mistake.</summary>
        Zeros = 5,
        /// <summary>Uniform on [<see cref="DenseAttribute.UniformLow"/>, <see cref="DenseAttribute.UniformHigh"/>).</summary>
        Uniform = 6,
    }

    /// <summary>How the generator lays out each layer's code (see benchmarks/README.md for the measurements behind Auto).</summary>
#if NETGEN_GENERATOR
    internal
#else
    public
#endif
    enum Unrolling
    {
        /// <summary>Small layers unrolled into straight-line code, larger ones as SIMD loops, by the measured threshold.</summary>
        Auto = 0,
        /// <summary>Every layer unrolled, whatever its size. Large layers make very large methods that the JIT may optimise poorly.</summary>
        Full = 1,
        /// <summary>Every layer as SIMD loops.</summary>
        Loops = 2,
    }
}
