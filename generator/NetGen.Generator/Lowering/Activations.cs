using System;
using System.Globalization;

namespace NetGen.Generator.Lowering
{
    /// <summary>Which value an activation's derivative is computed from.</summary>
    internal enum DerivativeSource
    {
        /// <summary>The derivative is 1: dL/dz is dL/dh.</summary>
        None,

        /// <summary>From the pre-activation z (ReLU, LeakyReLU: the sign of z).</summary>
        PreActivation,

        /// <summary>From the activation's own output h (sigmoid, tanh, softmax), which the forward pass already holds.</summary>
        Output,
    }

    /// <summary>
    /// One activation function: its forward and derivative as expressions over an <see cref="IMathSyntax"/> (printed for
    /// scalars and for every vector width from this one definition), which value the derivative reads, the formula
    /// written into the generated comments, and its ONNX operator.
    /// </summary>
    internal sealed class ActivationDefinition
    {
        private readonly Func<IMathSyntax, string, double, string>? _forward;
        private readonly Func<IMathSyntax, string, string, double, string>? _derivative;
        private readonly Func<string, double, string> _formula;
        private readonly Func<string, string, string> _derivativeFormula;

        public ActivationDefinition(
            Activation kind,
            string? onnxOperator,
            DerivativeSource derivativeReads,
            Func<IMathSyntax, string, double, string>? forward,
            Func<IMathSyntax, string, string, double, string>? derivative,
            Func<string, double, string> formula,
            Func<string, string, string> derivativeFormula,
            bool usesExponential = false)
        {
            Kind = kind;
            UsesExponential = usesExponential;
            OnnxOperator = onnxOperator;
            DerivativeReads = derivativeReads;
            _forward = forward;
            _derivative = derivative;
            _formula = formula;
            _derivativeFormula = derivativeFormula;
        }

        public Activation Kind { get; }

        /// <summary>The ONNX operator, or null for Identity (no node).</summary>
        public string? OnnxOperator { get; }

        public DerivativeSource DerivativeReads { get; }

        /// <summary>Whether each output depends on its own pre-activation only (every activation but softmax).</summary>
        public bool IsElementwise => _forward is not null;

        public bool IsIdentity => Kind == Activation.Identity;

        /// <summary>
        /// Whether the forward evaluates an exponential and a division (sigmoid, tanh): dozens of dependent instructions
        /// per vector, so a layer whose rows are summed in blocks of four applies it afterwards in one pass over its
        /// outputs at full vector width rather than to each block's four units (benchmarks/README.md, "Exponential
        /// activations after the row blocks").
        /// </summary>
        public bool UsesExponential { get; }

        /// <summary>h = f(z) for one value or one vector of an element-wise activation.</summary>
        public string Forward(IMathSyntax s, string z, double alpha) =>
            (_forward ?? throw new InvalidOperationException(Kind + " is not element-wise."))(s, z, alpha);

        /// <summary>dL/dz from dL/dh and the value named by <see cref="DerivativeReads"/>, for an element-wise activation.</summary>
        public string Derivative(IMathSyntax s, string dh, string value, double alpha) =>
            (_derivative ?? throw new InvalidOperationException(Kind + " is not element-wise."))(s, dh, value, alpha);

        /// <summary>The formula for the generated comments, e.g. <c>max(z1, 0)</c>.</summary>
        public string Formula(string z, double alpha) => _formula(z, alpha);

        /// <summary>The derivative's formula for the generated comments, over dL/dh (<paramref name="dh"/>) and h or z.</summary>
        public string DerivativeFormula(string dh, string layerSuffix) => _derivativeFormula(dh, layerSuffix);
    }

    /// <summary>The definitions of the activations NetGen supports; the only place their math is written.</summary>
    internal static class Activations
    {
        public static readonly ActivationDefinition Identity = new(
            Activation.Identity,
            onnxOperator: null,
            DerivativeSource.None,
            forward: (s, z, a) => z,
            derivative: (s, dh, v, a) => dh,
            formula: (z, a) => z,
            derivativeFormula: (dh, k) => dh);

        public static readonly ActivationDefinition ReLU = new(
            Activation.ReLU,
            "Relu",
            DerivativeSource.PreActivation,
            forward: (s, z, a) => s.Max(z, s.Zero),
            derivative: (s, dh, z, a) => s.WherePositive(z, dh, s.Zero),
            formula: (z, a) => $"max({z}, 0)",
            derivativeFormula: (dh, k) => $"{dh} ⊙ (z{k} > 0 ? 1 : 0)");

        // α ≤ 1: max(z, αz); α > 1: min(z, αz). Either is z for z > 0 and αz otherwise, without a branch.
        public static readonly ActivationDefinition LeakyReLU = new(
            Activation.LeakyReLU,
            "LeakyRelu",
            DerivativeSource.PreActivation,
            forward: (s, z, a) => a <= 1 ? s.Max(z, s.Multiply(s.Constant(a), z)) : s.Min(z, s.Multiply(s.Constant(a), z)),
            derivative: (s, dh, z, a) => s.WherePositive(z, dh, s.Multiply(s.Constant(a), dh)),
            formula: (z, a) => $"{(a <= 1 ? "max" : "min")}({z}, α·{z})  (α = {a.ToString("G7", CultureInfo.InvariantCulture)})",
            derivativeFormula: (dh, k) => $"{dh} ⊙ (z{k} > 0 ? 1 : α)");

        public static readonly ActivationDefinition Sigmoid = new(
            Activation.Sigmoid,
            "Sigmoid",
            DerivativeSource.Output,
            forward: (s, z, a) => s.Sigmoid(z),
            derivative: (s, dh, h, a) => s.Multiply(dh, s.Multiply(h, s.Subtract(s.One, h))),
            formula: (z, a) => $"1 / (1 + e^−{z})",
            derivativeFormula: (dh, k) => $"{dh} ⊙ h{k} ⊙ (1 − h{k})   (from the sigmoid's output h)",
            usesExponential: true);

        public static readonly ActivationDefinition Tanh = new(
            Activation.Tanh,
            "Tanh",
            DerivativeSource.Output,
            forward: (s, z, a) => s.Tanh(z),
            derivative: (s, dh, h, a) => s.Multiply(dh, s.Subtract(s.One, s.Multiply(h, h))),
            formula: (z, a) => $"tanh({z})",
            derivativeFormula: (dh, k) => $"{dh} ⊙ (1 − h{k}²)   (from the tanh's output h)",
            usesExponential: true);

        /// <summary>Softmax is not element-wise: the emitter writes its max, exponentials, sum and Jacobian-vector product.</summary>
        public static readonly ActivationDefinition Softmax = new(
            Activation.Softmax,
            "Softmax",
            DerivativeSource.Output,
            forward: null,
            derivative: null,
            formula: (z, a) => $"e^({z} − max {z}) / Σ e^({z} − max {z})",
            derivativeFormula: (dh, k) => $"h{k} ⊙ ({dh} − {dh}·h{k})   (softmax Jacobian-vector product)");

        public static ActivationDefinition Of(Activation activation) => activation switch
        {
            Activation.Identity => Identity,
            Activation.ReLU => ReLU,
            Activation.LeakyReLU => LeakyReLU,
            Activation.Sigmoid => Sigmoid,
            Activation.Tanh => Tanh,
            Activation.Softmax => Softmax,
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };
    }
}
