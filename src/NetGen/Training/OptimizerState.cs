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
            if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
            {
                throw new ArgumentException(
                    $"This optimizer state was created for {ParameterCount} parameters but got {parameters.Length} parameters and {gradients.Length} gradients; create a state for each network with Optimizer.CreateState.",
                    nameof(parameters));
            }

            StepCount++;
            StepCore(parameters, gradients, learningRate);
        }

        /// <summary>
        /// The trainer's step: copies the parameters into <paramref name="previous"/> (the last good parameters a
        /// diverged run restores), scales the gradients by <paramref name="gradientScale"/> (reduction and clipping),
        /// steps, and returns whether every parameter is still finite. States that can do all of it in one pass over
        /// the parameters override this; the result is bit for bit that of the separate passes.
        /// </summary>
        internal virtual bool StepKeepingPrevious(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous)
        {
            parameters.CopyTo(previous);
            if (gradientScale != T.One)
            {
                VectorOps.Scale(gradients, gradientScale);
            }

            Step(parameters, gradients, learningRate);
            return VectorOps.AllFinite<T>(parameters);
        }

        /// <summary>Forgets all state (momentum buffers, moments, step count), as for a fresh optimizer.</summary>
        public abstract void Reset();

        private protected abstract void StepCore(Span<T> parameters, Span<T> gradients, double learningRate);

        /// <summary>g ← g + λ·p over the decayed ranges (the coupled L2 penalty).</summary>
        private protected void AddWeightDecay(Span<T> parameters, Span<T> gradients, T lambda)
        {
            int[] r = _decayRanges;
            for (int k = 0; k < r.Length; k += 2)
            {
                VectorOps.AddScaled(gradients.Slice(r[k], r[k + 1]), parameters.Slice(r[k], r[k + 1]), lambda);
            }
        }

        /// <summary>p ← p·factor over the decayed ranges (the decoupled decay of AdamW).</summary>
        private protected void ScaleDecayed(Span<T> parameters, T factor)
        {
            int[] r = _decayRanges;
            for (int k = 0; k < r.Length; k += 2)
            {
                VectorOps.Scale(parameters.Slice(r[k], r[k + 1]), factor);
            }
        }
    }

    /// <summary>The state of <see cref="Sgd"/>: the momentum buffer.</summary>
    internal sealed class SgdState<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly T _lambda;
        private readonly T _momentum;
        private readonly T _gradientScale;
        private readonly bool _nesterov;
        private readonly T[] _buffer;

        public SgdState(Sgd settings, int parameterCount, int[] decayRanges)
            : base(settings, parameterCount, decayRanges)
        {
            _lambda = T.CreateChecked(settings.WeightDecay);
            _momentum = T.CreateChecked(settings.Momentum);
            _gradientScale = T.CreateChecked(1.0 - settings.Dampening);
            _nesterov = settings.Nesterov;
            _buffer = settings.Momentum != 0 ? new T[parameterCount] : Array.Empty<T>();
        }

        public override void Reset()
        {
            StepCount = 0;
            Array.Clear(_buffer);
        }

        internal override bool StepKeepingPrevious(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous)
        {
            if (_lambda != T.Zero || _buffer.Length != 0 || parameters.Length != ParameterCount || gradients.Length != ParameterCount || previous.Length < ParameterCount)
            {
                return base.StepKeepingPrevious(parameters, gradients, gradientScale, learningRate, previous);
            }

            // p ← p − lr·(c·g), with the snapshot and the finiteness check in the same pass.
            StepCount++;
            return VectorOps.SgdStepKeepingPrevious<T>(parameters, gradients, gradientScale, T.CreateChecked(-learningRate), previous);
        }

        private protected override void StepCore(Span<T> parameters, Span<T> gradients, double learningRate)
        {
            if (_lambda != T.Zero)
            {
                AddWeightDecay(parameters, gradients, _lambda);
            }

            T minusLr = T.CreateChecked(-learningRate);
            if (_buffer.Length == 0)
            {
                // p ← p − lr·g
                VectorOps.AddScaled(parameters, gradients, minusLr);
                return;
            }

            // b ← g on the first step, b ← μ·b + (1 − τ)·g afterwards.
            if (StepCount == 1)
            {
                gradients.CopyTo(_buffer);
            }
            else
            {
                VectorOps.ScaleAndAddScaled<T>(_buffer, _momentum, gradients, _gradientScale);
            }

            if (_nesterov)
            {
                // p ← p − lr·(g + μ·b)
                VectorOps.NesterovUpdate<T>(parameters, gradients, _buffer, _momentum, minusLr);
            }
            else
            {
                // p ← p − lr·b
                VectorOps.AddScaled<T>(parameters, _buffer, minusLr);
            }
        }
    }

    /// <summary>The state of <see cref="Adam"/> and <see cref="AdamW"/>: first and second moments.</summary>
    internal sealed class AdamState<T> : OptimizerState<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly double _beta1;
        private readonly double _beta2;
        private readonly double _weightDecay;
        private readonly bool _decoupled;
        private readonly bool _amsGrad;
        private readonly T _eps;
        private readonly T[] _m;
        private readonly T[] _v;
        private readonly T[] _vMax;

        public AdamState(Adam settings, bool decoupled, int parameterCount, int[] decayRanges)
            : base(settings, parameterCount, decayRanges)
        {
            _beta1 = settings.Beta1;
            _beta2 = settings.Beta2;
            _weightDecay = settings.WeightDecay;
            _decoupled = decoupled;
            _amsGrad = settings.AmsGrad;
            _eps = T.CreateChecked(settings.Epsilon);
            _m = new T[parameterCount];
            _v = new T[parameterCount];
            _vMax = settings.AmsGrad ? new T[parameterCount] : Array.Empty<T>();
        }

        public override void Reset()
        {
            StepCount = 0;
            Array.Clear(_m);
            Array.Clear(_v);
            Array.Clear(_vMax);
        }

        internal override bool StepKeepingPrevious(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous)
        {
            if (parameters.Length != ParameterCount || gradients.Length != ParameterCount || previous.Length < ParameterCount)
            {
                return base.StepKeepingPrevious(parameters, gradients, gradientScale, learningRate, previous);
            }

            // The snapshot, the gradient scale, the decay, the moments, the update and the finiteness check in one pass.
            StepCount++;
            return Update(parameters, gradients, gradientScale, learningRate, previous);
        }

        private protected override void StepCore(Span<T> parameters, Span<T> gradients, double learningRate) =>
            Update(parameters, gradients, T.One, learningRate, Span<T>.Empty);

        private bool Update(Span<T> parameters, Span<T> gradients, T gradientScale, double learningRate, Span<T> previous)
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
            int at = 0;
            ReadOnlySpan<int> ranges = DecayRanges;
            for (int r = 0; r <= ranges.Length; r += 2)
            {
                // The undecayed run before the next decayed range (or to the end), then that range.
                int next = r < ranges.Length ? ranges[r] : ParameterCount;
                finite &= Segment(parameters, gradients, previous, in k, at, next - at, decayed: false);
                if (r < ranges.Length)
                {
                    finite &= Segment(parameters, gradients, previous, in k, next, ranges[r + 1], decayed: decays);
                    at = next + ranges[r + 1];
                }
            }

            return finite;
        }

        private bool Segment(Span<T> parameters, Span<T> gradients, Span<T> previous, in AdamCoefficients<T> k, int offset, int count, bool decayed) =>
                count == 0 || VectorOps.AdamStep<T>(
                    parameters.Slice(offset, count),
                    gradients.Slice(offset, count),
                    _m.AsSpan(offset, count),
                    _v.AsSpan(offset, count),
                    _amsGrad ? _vMax.AsSpan(offset, count) : Span<T>.Empty,
                    previous.IsEmpty ? Span<T>.Empty : previous.Slice(offset, count),
                    k,
                    coupled: decayed && !_decoupled,
                    decoupled: decayed && _decoupled);
    }
}
