using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace NetGen.Training
{
    /// <summary>
    /// Samples for training or validation: inputs and targets stored row after row in two flat buffers (sample i's
    /// input is <c>Inputs[i·InputSize .. (i+1)·InputSize)</c>), the layout the generated batch entry points take. The
    /// buffers are not copied; do not change them while a training run uses them.
    /// </summary>
    /// <typeparam name="T">The network's floating-point type.</typeparam>
    public sealed class Dataset<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Wraps flat buffers of samples.</summary>
        /// <param name="inputs">Count × <paramref name="inputSize"/> values.</param>
        /// <param name="targets">Count × <paramref name="targetSize"/> values.</param>
        /// <param name="inputSize">The number of values per input (the network's <c>InputSize</c>).</param>
        /// <param name="targetSize">The number of values per target (the network's <c>OutputSize</c>).</param>
        /// <exception cref="ArgumentException">The buffers do not hold whole samples, or not the same number of them.</exception>
        public Dataset(ReadOnlyMemory<T> inputs, ReadOnlyMemory<T> targets, int inputSize, int targetSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
            if (inputs.Length % inputSize != 0)
            {
                throw new ArgumentException(
                    $"The inputs hold {inputs.Length} values, which is not a whole number of samples of {inputSize} values; store each sample's {inputSize} inputs one after the other.",
                    nameof(inputs));
            }

            if (targets.Length % targetSize != 0)
            {
                throw new ArgumentException(
                    $"The targets hold {targets.Length} values, which is not a whole number of samples of {targetSize} values; store each sample's {targetSize} targets one after the other.",
                    nameof(targets));
            }

            int count = inputs.Length / inputSize;
            if (targets.Length / targetSize != count)
            {
                throw new ArgumentException(
                    $"The inputs hold {count} samples ({inputs.Length} values of {inputSize} per sample) but the targets hold {targets.Length / targetSize} ({targets.Length} values of {targetSize} per sample); give one target per input.",
                    nameof(targets));
            }

            Inputs = inputs;
            Targets = targets;
            InputSize = inputSize;
            TargetSize = targetSize;
            Count = count;
        }

        /// <summary>The number of samples.</summary>
        public int Count { get; }

        /// <summary>The number of values per input.</summary>
        public int InputSize { get; }

        /// <summary>The number of values per target.</summary>
        public int TargetSize { get; }

        /// <summary>All inputs, row after row.</summary>
        public ReadOnlyMemory<T> Inputs { get; }

        /// <summary>All targets, row after row.</summary>
        public ReadOnlyMemory<T> Targets { get; }

        /// <summary>Copies rows (one array per sample) into a new dataset.</summary>
        /// <exception cref="ArgumentException">The lists differ in length, are empty, or rows differ in width.</exception>
        public static Dataset<T> FromRows(IReadOnlyList<T[]> inputs, IReadOnlyList<T[]> targets)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(targets);
            if (inputs.Count != targets.Count)
            {
                throw new ArgumentException($"There are {inputs.Count} inputs but {targets.Count} targets; give one target per input.", nameof(targets));
            }

            if (inputs.Count == 0)
            {
                throw new ArgumentException("There are no samples.", nameof(inputs));
            }

            return new Dataset<T>(Flatten(inputs, nameof(inputs)), Flatten(targets, nameof(targets)), inputs[0].Length, targets[0].Length);

            static T[] Flatten(IReadOnlyList<T[]> rows, string name)
            {
                int width = rows[0]?.Length ?? 0;
                var flat = new T[rows.Count * width];
                for (int i = 0; i < rows.Count; i++)
                {
                    T[] row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", name);
                    if (row.Length != width)
                    {
                        throw new ArgumentException($"Row {i} has {row.Length} values but row 0 has {width}; every row needs the same width.", name);
                    }

                    row.CopyTo(flat, i * width);
                }

                return flat;
            }
        }

        /// <summary>The input of sample <paramref name="index"/>.</summary>
        public ReadOnlySpan<T> GetInput(int index) => Inputs.Span.Slice(index * InputSize, InputSize);

        /// <summary>The target of sample <paramref name="index"/>.</summary>
        public ReadOnlySpan<T> GetTarget(int index) => Targets.Span.Slice(index * TargetSize, TargetSize);

        /// <summary>Copies the samples <paramref name="indices"/> one after another into <paramref name="inputs"/> and <paramref name="targets"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        internal void Gather(ReadOnlySpan<int> indices, Span<T> inputs, Span<T> targets)
        {
            ReadOnlySpan<T> allInputs = Inputs.Span;
            ReadOnlySpan<T> allTargets = Targets.Span;
            int inputSize = InputSize, targetSize = TargetSize;
            for (int j = 0; j < indices.Length; j++)
            {
                int i = indices[j];
                allInputs.Slice(i * inputSize, inputSize).CopyTo(inputs.Slice(j * inputSize, inputSize));
                allTargets.Slice(i * targetSize, targetSize).CopyTo(targets.Slice(j * targetSize, targetSize));
            }
        }
    }
}
