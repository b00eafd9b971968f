using System;

namespace NetGen.Generator.Lowering
{
    /// <summary>
    /// One loss: the term each output adds to it, its gradient, whether it is fused with the output activation (and
    /// then differentiated with respect to the logits z, skipping the activation's Jacobian), whether the sum is
    /// divided by the number of outputs, and the formula written into the generated comments.
    /// </summary>
    internal sealed class LossDefinition
    {
        private readonly Func<IMathSyntax, string, string, string, string> _term;
        private readonly Func<IMathSyntax, string, string, string?, string> _gradient;
        private readonly Func<int, int, string> _formula;

        public LossDefinition(
            Loss kind,
            Activation? fusedActivation,
            bool meanOverOutputs,
            Func<IMathSyntax, string, string, string, string> term,
            Func<IMathSyntax, string, string, string?, string> gradient,
            Func<int, int, string> formula)
        {
            Kind = kind;
            FusedActivation = fusedActivation;
            MeanOverOutputs = meanOverOutputs;
            _term = term;
            _gradient = gradient;
            _formula = formula;
        }

        public Loss Kind { get; }

        /// <summary>
        /// The output activation this loss is fused with (softmax for cross-entropy, sigmoid for binary cross-entropy):
        /// its gradient is then with respect to z, which is both cheaper and exact where the activation saturates.
        /// </summary>
        public Activation? FusedActivation { get; }

        public bool IsFused => FusedActivation is not null;

        /// <summary>Whether the sum of the terms is divided by the number of outputs.</summary>
        public bool MeanOverOutputs { get; }

        /// <summary>
        /// The loss term of one output from its value (<paramref name="value"/>: h for MSE; z for BCE; the log-probability
        /// z − max − ln Σe for CE) and <paramref name="target"/>, before the division by the number of outputs.
        /// </summary>
        public string Term(IMathSyntax s, string value, string target, string scale) => _term(s, value, target, scale);

        /// <summary>
        /// The gradient of one output: dL/dh for an unfused loss, dL/dz for a fused one, from the output h, the target and
        /// a <paramref name="scale"/> (2/n for MSE, 1/n for BCE, Σt for CE; null when it is 1).
        /// </summary>
        public string Gradient(IMathSyntax s, string h, string target, string? scale) => _gradient(s, h, target, scale);

        /// <summary>The formula for the generated comments, for layer <c>k</c> with <c>m</c> outputs.</summary>
        public string Formula(int k, int m) => _formula(k, m);

        /// <summary>The constant the gradient is scaled by for <paramref name="outputs"/> outputs (null when it is not a constant).</summary>
        public double? GradientScale(int outputs) => Kind switch
        {
            Loss.MeanSquaredError => 2.0 / outputs,
            Loss.BinaryCrossEntropy => outputs == 1 ? null : 1.0 / outputs,
            _ => null,
        };
    }

    /// <summary>The definitions of the losses NetGen supports; the only place their math is written.</summary>
    internal static class Losses
    {
        public static readonly LossDefinition MeanSquaredError = new(
            Loss.MeanSquaredError,
            fusedActivation: null,
            meanOverOutputs: true,
            term: (s, r, t, scale) => s.Multiply(r, r),
            gradient: (s, r, t, scale) => scale is null ? r : s.Multiply(scale, r),
            formula: (k, m) => m == 1
                ? $"L = (h{k} − t)²;  dL/dh{k} = 2(h{k} − t)   (r = h{k} − t)"
                : $"L = (1/{m}) Σ (h{k} − t)²;  dL/dh{k} = (2/{m})(h{k} − t)   (r = h{k} − t)");

        public static readonly LossDefinition CrossEntropy = new(
            Loss.CrossEntropy,
            Activation.Softmax,
            meanOverOutputs: false,
            term: (s, logProbability, t, scale) => s.Multiply(t, logProbability),
            gradient: (s, h, t, targetSum) => targetSum is null ? s.Subtract(h, t) : s.Subtract(s.Multiply(h, targetSum), t),
            formula: (k, m) => $"L = −Σ t ln h{k} = −Σ t (z{k} − max − ln Σ e);  dL/dz{k} = h{k}·Σt − t (fused with the softmax)");

        public static readonly LossDefinition BinaryCrossEntropy = new(
            Loss.BinaryCrossEntropy,
            Activation.Sigmoid,
            meanOverOutputs: true,
            term: (s, z, t, softplus) => s.Subtract(softplus, s.Multiply(t, z)),
            gradient: (s, h, t, scale) => scale is null ? s.Subtract(h, t) : s.Multiply(s.Subtract(h, t), scale),
            formula: (k, m) => m == 1
                ? $"L = softplus(z{k}) − t·z{k};  dL/dz{k} = h{k} − t (fused with the sigmoid)"
                : $"L = (1/{m}) Σ [softplus(z{k}) − t·z{k}];  dL/dz{k} = (h{k} − t)/{m} (fused with the sigmoid)");

        public static LossDefinition Of(Loss loss) => loss switch
        {
            Loss.MeanSquaredError => MeanSquaredError,
            Loss.CrossEntropy => CrossEntropy,
            Loss.BinaryCrossEntropy => BinaryCrossEntropy,
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
        };
    }
}
