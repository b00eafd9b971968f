using System;
using System.Runtime.CompilerServices;
using System.ComponentModel;
using System.Numerics;

namespace NetGen
{
    /// <summary>
    /// How a classifier's output is scored, in one place: generated <c>LossBatch</c> code and the trainer's accuracy
    /// both call it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class Classification
    {
        /// <summary>
        /// The number of correct answers in one sample's <paramref name="output"/>: for
        /// <see cref="NetGen.Loss.CrossEntropy"/> 1 when the first largest output is where the first largest target is;
        /// for <see cref="NetGen.Loss.BinaryCrossEntropy"/> the outputs on the same side of 0.5 as their targets;
        /// for any other loss 0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int CountCorrect<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (target.Length < output.Length)
            {
                throw new ArgumentException($"The target has {target.Length} values but the output has {output.Length}.", nameof(target));
            }

            switch (loss)
            {
                case Loss.BinaryCrossEntropy:
                    T half = T.CreateTruncating(0.5);
                    int right = 0;
                    for (int k = 0; k < output.Length; k++)
                    {
                        right += (output[k] >= half) == (target[k] >= half) ? 1 : 0;
                    }

                    return right;
                case Loss.CrossEntropy:
                    return ArgMax(output) == ArgMax(target.Slice(0, output.Length)) ? 1 : 0;
                default:
                    return 0;
            }
        }

        /// <summary>The index of the first largest value.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int ArgMax<T>(ReadOnlySpan<T> v)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int best = 0;
            for (int k = 1; k < v.Length; k++)
            {
                if (v[k] > v[best])
                {
                    best = k;
                }
            }

            return best;
        }
    }
}
