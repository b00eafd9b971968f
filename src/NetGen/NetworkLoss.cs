using System;
using System.Numerics;

namespace NetGen
{
    /// <summary>
    /// The forward-only loss as DESIGN's contract spells it, <c>net.Loss(input, target)</c>, for every network. A generated
    /// class cannot have a member named <c>Loss</c>: inside the class it would hide the <see cref="NetGen.Loss"/> enum
    /// that its own <c>[Network(Loss.…)]</c> attribute names (CS0119). So the networks implement
    /// <see cref="INetwork{T}.EvaluateLoss"/> and <see cref="INetwork{T}.EvaluateLossBatch"/>, and these extensions
    /// give them the short names.
    /// </summary>
    public static class NetworkLoss
    {
        /// <summary>The loss of one sample from a forward pass only; changes nothing, allocates nothing.</summary>
        /// <param name="network">Any generated network.</param>
        /// <param name="input">Exactly <see cref="INetwork{T}.InputSize"/> values.</param>
        /// <param name="target">Exactly <see cref="INetwork{T}.OutputSize"/> values.</param>
        /// <returns>The same value <see cref="INetwork{T}.AccumulateGradients"/> returns for the sample.</returns>
        public static T Loss<T>(this INetwork<T> network, ReadOnlySpan<T> input, ReadOnlySpan<T> target)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            return network.EvaluateLoss(input, target);
        }

        /// <summary>The summed loss of <paramref name="count"/> samples stored one after another, from forward passes only.</summary>
        /// <param name="network">Any generated network.</param>
        /// <param name="inputs"><paramref name="count"/> × <see cref="INetwork{T}.InputSize"/> values.</param>
        /// <param name="targets"><paramref name="count"/> × <see cref="INetwork{T}.OutputSize"/> values.</param>
        /// <param name="count">The number of samples.</param>
        /// <param name="correct">
        /// For a classifier, how many samples the network classifies as their target does (argmax for CrossEntropy, the
        /// 0.5 threshold for BinaryCrossEntropy); 0 for a regression.
        /// </param>
        /// <returns>The sum of the samples' losses.</returns>
        public static T LossBatch<T>(this INetwork<T> network, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int count, out int correct)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            return network.EvaluateLossBatch(inputs, targets, count, out correct);
        }
    }
}
