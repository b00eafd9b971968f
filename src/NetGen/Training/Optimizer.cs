using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace NetGen.Training
{
    /// <summary>
    /// The settings of an optimizer: how a gradient becomes a change of the parameters. Instances are immutable
    /// descriptions with PyTorch's defaults; <see cref="CreateState{T}(NetworkInfo)"/> binds one to a network's
    /// parameter layout and returns the object that holds the per-parameter state (momentum buffers, moments) and
    /// performs the steps.
    /// </summary>
    /// <remarks>
    /// Weight decay is applied to the weights only by default; the biases (which <see cref="NetworkInfo"/> locates)
    /// are left alone unless <see cref="DecayBiases"/> is set. PyTorch decays every parameter it is given, so to
    /// reproduce a PyTorch run that passes all parameters in one group, set <see cref="DecayBiases"/> to true.
    /// </remarks>
    public abstract class Optimizer
    {
        private protected Optimizer()
        {
        }

        /// <summary>The base learning rate (before any schedule). 0.001 by default, as in PyTorch.</summary>
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>
        /// The weight-decay coefficient λ. For <see cref="Sgd"/> and <see cref="Adam"/> it is the L2 penalty:
        /// λ·w is added to the gradient of every decayed parameter. For <see cref="AdamW"/> it is decoupled:
        /// w ← w − lr·λ·w before the Adam step. 0 by default (0.01 for <see cref="AdamW"/>).
        /// </summary>
        public double WeightDecay { get; init; }

        /// <summary>Whether weight decay also applies to biases. <c>false</c> by default: biases are not decayed.</summary>
        public bool DecayBiases { get; init; }

        /// <summary>The optimizer's name and settings, for messages.</summary>
        public abstract string Description { get; }

        /// <summary>
        /// Checks the settings and creates the state that performs steps on a network with the layout of
        /// <paramref name="info"/>.
        /// </summary>
        /// <typeparam name="T">The network's floating-point type.</typeparam>
        /// <param name="info">The network's layout (which parameters are weights and which are biases).</param>
        /// <exception cref="ArgumentException">A setting is out of range; the message says which and what is allowed.</exception>
        public OptimizerState<T> CreateState<T>(NetworkInfo info)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(info);
            Validate();
            return CreateStateCore<T>(info.ParameterCount, DecayRanges(info));
        }

        /// <summary>Throws an <see cref="ArgumentException"/> that names the first setting out of range.</summary>
        public virtual void Validate()
        {
            Require(double.IsFinite(LearningRate) && LearningRate >= 0, nameof(LearningRate), LearningRate, "a finite number ≥ 0");
            Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "a finite number ≥ 0");
        }

        private protected abstract OptimizerState<T> CreateStateCore<T>(int parameterCount, int[] decayRanges)
            where T : unmanaged, IFloatingPointIeee754<T>;

        private protected void Require(bool condition, string setting, double value, string allowed)
        {
            if (!condition)
            {
                throw new ArgumentException(
                    $"{GetType().Name}.{setting} is {value.ToString("R", CultureInfo.InvariantCulture)}; it must be {allowed}.", setting);
            }
        }

        private protected static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

        /// <summary>Flat [offset, count, offset, count, …] ranges of the decayed parameters, adjacent ranges merged.</summary>
        private int[] DecayRanges(NetworkInfo info)
        {
            if (WeightDecay == 0)
            {
                return Array.Empty<int>();
            }

            var ranges = new List<int>();
            foreach (LayerInfo layer in info.Layers)
            {
                Add(ranges, layer.WeightOffset, layer.WeightCount);
                if (DecayBiases && layer.HasBias)
                {
                    Add(ranges, layer.BiasOffset, layer.BiasCount);
                }
            }

            return ranges.ToArray();

            static void Add(List<int> ranges, int offset, int count)
            {
                int n = ranges.Count;
                if (n > 0 && ranges[n - 2] + ranges[n - 1] == offset)
                {
                    ranges[n - 1] += count;
                }
                else
                {
                    ranges.Add(offset);
                    ranges.Add(count);
                }
            }
        }
    }

    /// <summary>
    /// Stochastic gradient descent, optionally with (Nesterov) momentum, exactly as <c>torch.optim.SGD</c>:
    /// g ← g + λ·w (weights; see <see cref="Optimizer.DecayBiases"/>); with momentum μ, b ← g on the first step and
    /// b ← μ·b + (1 − dampening)·g after; the step uses g + μ·b (Nesterov) or b, and p ← p − lr·step.
    /// </summary>
    /// <example><c>new Sgd { LearningRate = 0.1, Momentum = 0.9, Nesterov = true }</c></example>
    public sealed class Sgd : Optimizer
    {
        /// <summary>The momentum factor μ. 0 (plain SGD) by default.</summary>
        public double Momentum { get; init; }

        /// <summary>The dampening τ of the momentum buffer's gradient term. 0 by default.</summary>
        public double Dampening { get; init; }

        /// <summary>Whether to use Nesterov momentum (needs <see cref="Momentum"/> &gt; 0 and no dampening). <c>false</c> by default.</summary>
        public bool Nesterov { get; init; }

        /// <inheritdoc />
        public override string Description =>
            Momentum == 0 ? $"SGD (lr {Format(LearningRate)})"
            : $"SGD with {(Nesterov ? "Nesterov " : string.Empty)}momentum {Format(Momentum)} (lr {Format(LearningRate)})";

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Require(double.IsFinite(Momentum) && Momentum >= 0, nameof(Momentum), Momentum, "a finite number ≥ 0");
            Require(double.IsFinite(Dampening), nameof(Dampening), Dampening, "a finite number");
            if (Nesterov && (Momentum <= 0 || Dampening != 0))
            {
                throw new ArgumentException(
                    "Nesterov momentum needs Momentum > 0 and Dampening = 0 (as in PyTorch); set Momentum, for example to 0.9, or turn Nesterov off.",
                    nameof(Nesterov));
            }
        }

        private protected override OptimizerState<T> CreateStateCore<T>(int parameterCount, int[] decayRanges) =>
            new SgdState<T>(this, parameterCount, decayRanges);
    }

    /// <summary>
    /// Adam, exactly as <c>torch.optim.Adam</c> (L2 weight decay added to the gradient, optional AMSGrad). Defaults:
    /// learning rate 0.001, β1 0.9, β2 0.999, ε 1e-8, no weight decay.
    /// </summary>
    public class Adam : Optimizer
    {
        /// <summary>The decay rate of the first-moment (mean) estimate. 0.9 by default.</summary>
        public double Beta1 { get; init; } = 0.9;

        /// <summary>The decay rate of the second-moment (uncentred variance) estimate. 0.999 by default.</summary>
        public double Beta2 { get; init; } = 0.999;

        /// <summary>The term added to the denominator for numerical stability. 1e-8 by default.</summary>
        public double Epsilon { get; init; } = 1e-8;

        /// <summary>Whether to use the AMSGrad variant (the maximum of past second moments). <c>false</c> by default.</summary>
        public bool AmsGrad { get; init; }

        /// <inheritdoc />
        public override string Description => $"{GetType().Name} (lr {Format(LearningRate)})";

        /// <summary>Whether the weight decay is decoupled from the gradient (<see cref="AdamW"/>).</summary>
        private protected virtual bool DecoupledWeightDecay => false;

        /// <inheritdoc />
        public override void Validate()
        {
            base.Validate();
            Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "in [0, 1)");
            Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "in [0, 1)");
            Require(double.IsFinite(Epsilon) && Epsilon >= 0, nameof(Epsilon), Epsilon, "a finite number ≥ 0");
        }

        private protected override OptimizerState<T> CreateStateCore<T>(int parameterCount, int[] decayRanges) =>
            new AdamState<T>(this, DecoupledWeightDecay, parameterCount, decayRanges);
    }

    /// <summary>
    /// AdamW, exactly as <c>torch.optim.AdamW</c>: the weight decay is decoupled, w ← w·(1 − lr·λ) before the Adam
    /// step (on weights only unless <see cref="Optimizer.DecayBiases"/>). Defaults as <see cref="Adam"/>, with
    /// weight decay 0.01.
    /// </summary>
    public sealed class AdamW : Adam
    {
        /// <summary>Creates AdamW with PyTorch's defaults (weight decay 0.01).</summary>
        public AdamW() => WeightDecay = 0.01;

        private protected override bool DecoupledWeightDecay => true;
    }
}
