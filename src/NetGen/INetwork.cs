using System;
using System.Numerics;

namespace NetGen
{
    /// <summary>
    /// What every generated network offers, so that the trainer, the gradient check and the weight files work on any
    /// of them. Generated types implement this for <see cref="float"/> (or <see cref="double"/> with
    /// <see cref="Precision.Double"/>) and also expose <c>InputSize</c>, <c>OutputSize</c> and <c>ParameterCount</c>
    /// as compile-time constants.
    /// </summary>
    /// <typeparam name="T">The network's floating-point type.</typeparam>
    public interface INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>The width of the input vector.</summary>
        int InputSize { get; }

        /// <summary>The width of the output vector.</summary>
        int OutputSize { get; }

        /// <summary>The number of trainable parameters (weights and biases).</summary>
        int ParameterCount { get; }

        /// <summary>The declared topology: layers, activations, loss, parameter layout.</summary>
        NetworkInfo Info { get; }

        /// <summary>
        /// The parameters, layer by layer: each layer's weights as a row-major [units, inputs] matrix followed by its
        /// biases (PyTorch's <c>nn.Linear</c> layout). Owned by the instance; writes change the network.
        /// </summary>
        Span<T> Parameters { get; }

        /// <summary>The accumulated gradient of the loss with respect to <see cref="Parameters"/>, in the same layout.</summary>
        Span<T> Gradients { get; }

        /// <summary>Computes the network's output for one input. Allocates nothing; safe to call from several threads at once.</summary>
        /// <param name="input">Exactly <see cref="InputSize"/> values.</param>
        /// <param name="output">Exactly <see cref="OutputSize"/> values, overwritten.</param>
        void Predict(ReadOnlySpan<T> input, Span<T> output);

        /// <summary>
        /// Computes the outputs of <paramref name="count"/> inputs stored one after another (sample i's input at
        /// <c>i * InputSize</c>, its output at <c>i * OutputSize</c>). Batched code that reads each weight once per block
        /// of samples; allocates nothing (after a thread's first call) and is safe to call from several threads at once.
        /// </summary>
        /// <param name="inputs">At least <paramref name="count"/> × <see cref="InputSize"/> values.</param>
        /// <param name="outputs">At least <paramref name="count"/> × <see cref="OutputSize"/> values; the first
        /// <paramref name="count"/> × <see cref="OutputSize"/> are overwritten.</param>
        /// <param name="count">The number of samples, zero or more.</param>
        void PredictBatch(ReadOnlySpan<T> inputs, Span<T> outputs, int count);

        /// <summary>
        /// The loss of one sample, forward pass only (the value <see cref="AccumulateGradients"/> would return, within
        /// rounding). Leaves <see cref="Gradients"/> untouched; safe to call from several threads at once.
        /// </summary>
        T EvaluateLoss(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

        /// <summary>
        /// The summed loss of <paramref name="count"/> samples stored one after another, forward pass only, and the
        /// number of correct classifications among them: for <see cref="NetGen.Loss.CrossEntropy"/> the samples whose
        /// largest output is where their largest target is, for <see cref="NetGen.Loss.BinaryCrossEntropy"/> the
        /// outputs on the same side of 0.5 as their targets, otherwise 0. Leaves <see cref="Gradients"/> untouched;
        /// allocates nothing and is safe to call from several threads at once.
        /// </summary>
        T EvaluateLossBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, out int correct);

        /// <summary>
        /// Runs forward and backward for one sample, ADDS the gradient of that sample's loss to <see cref="Gradients"/>
        /// and returns the sample's loss.
        /// </summary>
        T AccumulateGradients(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

        /// <summary>
        /// Runs forward and backward for <paramref name="count"/> samples stored one after the other in
        /// <paramref name="inputs"/> and <paramref name="targets"/>, ADDS the sum of their gradients to
        /// <see cref="Gradients"/> and returns the sum of their losses. Computed as a batch (dW += dZᵀ·H over blocks of
        /// samples), so the result equals the sum of <see cref="AccumulateGradients"/> calls within rounding.
        /// </summary>
        T AccumulateGradientsBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count);

        /// <summary>
        /// <see cref="AccumulateGradientsBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>, and in <paramref name="correct"/>
        /// the number of correct classifications of its forward pass, counted as <see cref="EvaluateLossBatch"/> counts
        /// them (0 for a regression loss). Generated networks count inside their pass; this default runs
        /// <see cref="EvaluateLossBatch"/> after it, with the same parameters.
        /// </summary>
        T AccumulateGradientsBatch(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, out int correct)
        {
            T loss = AccumulateGradientsBatch(inputs, targets, count);
            EvaluateLossBatch(inputs, targets, count, out correct);
            return loss;
        }

        /// <summary>
        /// One plain stochastic-gradient step on one sample: runs forward and backward and moves every parameter by
        /// −<paramref name="learningRate"/> × the gradient of the sample's loss (p ← p − lr·∂L/∂p, PyTorch's
        /// <c>SGD</c> without momentum or weight decay) as the backward pass reaches it, so that the gradient is never
        /// stored. Returns the sample's loss at the parameters before the step. Generated networks neither read nor write
        /// <see cref="Gradients"/> here; this default, for hand-written networks, computes the gradient in
        /// <see cref="Gradients"/> and leaves them zero. Not safe to call from several threads at once on one instance.
        /// The trainer uses it at batch size 1 when nothing else needs the gradient (see <c>Trainer</c>).
        /// </summary>
        /// <param name="input">Exactly <see cref="InputSize"/> values.</param>
        /// <param name="target">Exactly <see cref="OutputSize"/> values.</param>
        /// <param name="learningRate">The step size; 0 leaves the parameters unchanged.</param>
        T SgdStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate)
        {
            ZeroGradients();
            T loss = AccumulateGradients(input, target);
            Span<T> parameters = Parameters, gradients = Gradients;
            T step = -learningRate;
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] += step * gradients[i];
            }

            ZeroGradients();
            return loss;
        }

        /// <summary>
        /// <see cref="SgdStep(ReadOnlySpan{T}, ReadOnlySpan{T}, T)"/>, and in <paramref name="correct"/> the number of correct
        /// classifications of its forward pass, counted as <see cref="EvaluateLossBatch"/> counts them (0 for a regression
        /// loss). Generated networks count from the step's own forward pass; this default runs
        /// <see cref="EvaluateLossBatch"/> on the sample first.
        /// </summary>
        T SgdStep(ReadOnlySpan<T> input, ReadOnlySpan<T> target, T learningRate, out int correct)
        {
            EvaluateLossBatch(input, target, 1, out correct);
            return SgdStep(input, target, learningRate);
        }

        /// <summary>Sets every element of <see cref="Gradients"/> to zero.</summary>
        void ZeroGradients();

        /// <summary>Draws fresh parameters as declared (weight and bias initialisers); the same seed gives the same parameters.</summary>
        void Initialize(int seed);

        /// <summary>
        /// Runs the forward pass for one input and writes every layer's output (after its activation), layer after
        /// layer, into <paramref name="layerOutputs"/>, which holds <see cref="NetworkInfo.TotalUnits"/> values.
        /// Used by run-time checks such as dead-unit detection.
        /// </summary>
        void Trace(ReadOnlySpan<T> input, Span<T> layerOutputs);

        /// <summary>
        /// The lock that lets <c>Load</c> replace <see cref="Parameters"/> while other threads call <see cref="Predict"/>;
        /// generated networks return theirs. <see langword="null"/> (the default) for an implementation without one, which
        /// then must not be loaded into while it is in use.
        /// </summary>
        ParameterGuard? ParameterGuard => null;

        /// <summary>
        /// Creates a network that shares this one's <see cref="Parameters"/> (every write to them is seen by both) but has
        /// its own <see cref="Gradients"/> and scratch buffers, so that several threads can run
        /// <see cref="AccumulateGradientsBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/> at once, one per replica; the trainer uses this for
        /// <c>TrainerOptions.MaxDegreeOfParallelism</c>. Generated networks implement it; <see langword="null"/> (the default)
        /// for an implementation that cannot, which then trains on one thread only.
        /// </summary>
        /// <returns>The replica, or <see langword="null"/> when this implementation has none.</returns>
        INetwork<T>? CreateReplica() => null;
    }
}
