using System;
using System.Numerics;

namespace NetGen.Training
{
    /// <summary>
    /// An <see cref="Optimizer"/> bound to one parameter layout: it holds the per-parameter state (momentum buffers,
    /// moment estimates) and performs the steps. Created by <see cref="Optimizer.CreateState{T}(NetworkInfo)"/>; the
    /// <see cref="Trainer{T}"/> uses one, and it can drive a hand-written loop as well. Steps allocate nothing.
    /// </summary>
    /// <typeparam name="T">The network's floating-point type.</typeparam>
    public abstract class OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int[] _decayRanges;

        /// <summary>Flat [offset, count, …] ranges of the decayed parameters, ascending and disjoint.</summary>
        private protected ReadOnlySpan<int> DecayRanges => _decayRanges;

        private protected OptimizerState(Optimizer settings, int parameterCount, int[] decayRanges)
        {
            Settings = settings;
            ParameterCount = parameterCount;
            _decayRanges = decayRanges;
        }

        /// <summary>The settings this state was created from.</summary>
        public Optimizer Settings { get; }

        /// <summary>The number of parameters the state was created for.</summary>
        public int ParameterCount { get; }

        /// <summary>The number of steps taken since creation or the last <see cref="Reset"/>.</summary>
        public long StepCount { get; private protected set; }

        /// <summary>
        /// Updates <paramref name="parameters"/> from <paramref name="gradients"/> with the given learning rate. The
        /// gradients are those of the loss being minimised (already reduced and clipped); an L2 weight-decay term is
        /// added to them in place, so that afterwards <paramref name="gradients"/> holds the gradient the step used.
        /// </summary>
        /// <param name="parameters">The parameters, <see cref="ParameterCount"/> values, updated in place.</param>
        /// <param name="gradients">The gradients, <see cref="ParameterCount"/> values.</param>
        /// <param name="learningRate">The learning rate of this step (the schedule's current value).</param>
        public void Step(Span<T> parameters, Span<T> gradients, double learningRate)
        {
            CheckLengths(parameters.Length, gradients.Length);
            StepCount++;
            StepRange(parameters, gradients, T.One, learningRate, Span<T>.Empty, false, 0, ParameterCount, out _);
        }

        /// <summary>
        /// The trainer's step: copies the parameters into <paramref name="previous"/> (unless it is empty: the last good
        /// parameters a diverged run restores), scales the gradients by <paramref name="gradientScale"/> (reduction and clipping),
        /// steps, clears the gradients for the next batch and sums the squares of the gradients it read into
        /// <paramref name="squares"/>, all in one pass over the parameters; the parameters are bit for bit those of
        /// the separate passes. Returns whether every parameter is still finite.
        /// </summary>
        internal bool TrainerStep(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous, out T squares)
        {
            CheckLengths(parameters.Length, gradients.Length);
            StepCount++;
            return StepRange(parameters, gradients, gradientScale, learningRate, previous.IsEmpty ? previous : previous.Slice(0, ParameterCount), true, 0, ParameterCount, out squares);
        }

        /// <summary>
        /// Counts one step whose update several threads then make with <see cref="StepRange"/>, over disjoint ranges that
        /// cover the parameters once: the parameters' updates do not depend on each other, so the result is that of one
        /// <see cref="TrainerStep"/>.
        /// </summary>
        internal void BeginStep() => StepCount++;

        /// <summary>
        /// The update of the step counted last, for the parameters <paramref name="start"/> .. + <paramref name="length"/>
        /// only (the spans are the whole arrays; <paramref name="previous"/> is empty when no snapshot is wanted). With
        /// <paramref name="clearGradients"/> the range's gradients are zero afterwards and <paramref name="squares"/> is the
        /// sum of their squares as read (else they hold the gradient the update used, and <paramref name="squares"/> is 0).
        /// Returns whether every updated parameter is finite.
        /// </summary>
        internal abstract bool StepRange(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous, bool clearGradients, int start, int length, out T squares);

        /// <summary>Forgets all state (momentum buffers, moments, step count), as for a fresh optimizer.</summary>
        public abstract void Reset();

        /// <summary>
        /// The run of parameters that starts at <paramref name="at"/> and ends at the next decay-range boundary or at
        /// <paramref name="end"/>: its length and whether weight decay applies to it.
        /// </summary>
        private protected (int Count, bool Decayed) RunAt(int at, int end)
        {
            int[] r = _decayRanges;
            for (int k = 0; k < r.Length; k += 2)
            {
                int first = r[k], last = r[k] + r[k + 1];
                if (at < first)
                {
                    return (Math.Min(first, end) - at, false);
                }

                if (at < last)
                {
                    return (Math.Min(last, end) - at, true);
                }
            }

            return (end - at, false);
        }

        private void CheckLengths(int parameters, int gradients)
        {
            if (parameters != ParameterCount || gradients != ParameterCount)
            {
                throw new ArgumentException(
                    $"This optimizer state was created for {ParameterCount} parameters but got {parameters} parameters and {gradients} gradients; create a state for each network with Optimizer.CreateState.",
                    "parameters");
            }
        }
    }

    /// <summary>The state of <see cref="Sgd"/>: the momentum buffer.</summary>
    internal sealed class SgdState<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _lambda;
        private readonly T _momentum;
        private readonly T _dampened;
        private readonly bool _nesterov;
        private readonly AlignedArray<T> _buffer;

        public SgdState(Sgd settings, int parameterCount, int[] decayRanges)
            : base(settings, parameterCount, decayRanges)
        {
            _lambda = T.CreateChecked(settings.WeightDecay);
            _momentum = T.CreateChecked(settings.Momentum);
            _dampened = T.CreateChecked(1.0 - settings.Dampening);
            _nesterov = settings.Nesterov;
            _buffer = new AlignedArray<T>(settings.Momentum != 0 ? parameterCount : 0);
        }

        public override void Reset()
        {
            StepCount = 0;
            _buffer.Clear();
        }

        internal override bool StepRange(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous, bool clearGradients, int start, int length, out T squares)
        {
            // As torch.optim.SGD: g ← c·g + λ·p (decayed ranges); b ← g on the first step, b ← μ·b + (1 − τ)·g after;
            // p ← p − lr·(g + μ·b) with Nesterov, p ← p − lr·b without; p ← p − lr·g with no momentum.
            bool momentum = _buffer.Length != 0;
            var k = new SgdCoefficients<T>(
                GradientScale: gradientScale,
                Lambda: _lambda,
                Mu: _momentum,
                Dampened: _dampened,
                S: T.CreateChecked(-learningRate),
                Momentum: momentum,
                FirstStep: StepCount == 1,
                Nesterov: _nesterov);
            bool decays = _lambda != T.Zero;
            bool finite = true;
            squares = T.Zero;
            int end = start + length;
            for (int at = start; at < end;)
            {
                (int count, bool decayed) = decays ? RunAt(at, end) : (end - at, false);
                finite &= VectorOps.SgdStep<T>(
                    parameters.Slice(at, count),
                    gradients.Slice(at, count),
                    momentum ? _buffer.Span.Slice(at, count) : Span<T>.Empty,
                    previous.IsEmpty ? Span<T>.Empty : previous.Slice(at, count),
                    k,
                    decayed,
                    clearGradients,
                    ref squares);
                at += count;
            }

            return finite;
        }
    }

    /// <summary>The state of <see cref="Adam"/> and <see cref="AdamW"/>: first and second moment estimates.</summary>
    internal sealed class AdamState<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly double _beta1;
        private readonly double _beta2;
        private readonly double _weightDecay;
        private readonly bool _decoupled;
        private readonly bool _amsGrad;
        private readonly T _eps;
        private readonly AlignedArray<T> _m;
        private readonly AlignedArray<T> _v;
        private readonly AlignedArray<T> _vMax;

        public AdamState(Adam settings, bool decoupled, int parameterCount, int[] decayRanges)
            : base(settings, parameterCount, decayRanges)
        {
            _beta1 = settings.Beta1;
            _beta2 = settings.Beta2;
            _weightDecay = settings.WeightDecay;
            _decoupled = decoupled;
            _amsGrad = settings.AmsGrad;
            _eps = T.CreateChecked(settings.Epsilon);
            // Aligned like the network's parameters and gradients: the fused step streams all four with whole vectors.
            _m = new AlignedArray<T>(parameterCount);
            _v = new AlignedArray<T>(parameterCount);
            _vMax = new AlignedArray<T>(settings.AmsGrad ? parameterCount : 0);
        }

        public override void Reset()
        {
            StepCount = 0;
            _m.Clear();
            _v.Clear();
            _vMax.Clear();
        }

        internal override bool StepRange(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous, bool clearGradients, int start, int length, out T squares)
        {
            // As torch.optim.Adam: step_size = lr / (1 − β1^t); denom = √v / √(1 − β2^t) + ε; p ← p − step_size·m / denom.
            // Adam's decay is g ← g + λ·p, AdamW's p ← p·(1 − lr·λ), both on the decayed ranges only.
            double t = StepCount;
            double bias1 = 1.0 - Math.Pow(_beta1, t);
            double bias2 = 1.0 - Math.Pow(_beta2, t);
            var k = new AdamCoefficients<T>(
                GradientScale: gradientScale,
                Lambda: T.CreateChecked(_weightDecay),
                Decay: T.CreateChecked(1.0 - (learningRate * _weightDecay)),
                W1: T.CreateChecked(1.0 - _beta1),
                Beta2: T.CreateChecked(_beta2),
                W2: T.CreateChecked(1.0 - _beta2),
                Bc2Sqrt: T.CreateChecked(Math.Sqrt(bias2)),
                Eps: _eps,
                S: T.CreateChecked(-(learningRate / bias1)),
                AmsGrad: _amsGrad);
            bool decays = _weightDecay != 0;
            bool finite = true;
            squares = T.Zero;
            int end = start + length;
            for (int at = start; at < end;)
            {
                (int count, bool decayed) = decays ? RunAt(at, end) : (end - at, false);
                finite &= VectorOps.AdamStep<T>(
                    parameters.Slice(at, count),
                    gradients.Slice(at, count),
                    _m.Span.Slice(at, count),
                    _v.Span.Slice(at, count),
                    _amsGrad ? _vMax.Span.Slice(at, count) : Span<T>.Empty,
                    previous.IsEmpty ? Span<T>.Empty : previous.Slice(at, count),
                    k,
                    coupled: decayed && !_decoupled,
                    decoupled: decayed && _decoupled,
                    clear: clearGradients,
                    squares: ref squares);
                at += count;
            }

            return finite;
        }
    }
}
