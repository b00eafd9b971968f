using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Diagnostics
{
    /// <summary>Every diagnostic NetGen reports at compile time. Each id has a page at <c>docs/diagnostics/NGxxxx.md</c>.</summary>
    internal static class DiagnosticDescriptors
    {
        /// <summary>Where the docs pages live; <see cref="HelpLink"/> appends <c>NGxxxx.md</c>.</summary>
        public const string HelpLinkBase = "https://github.com/netgen-dotnet/netgen/blob/main/docs/diagnostics/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        public static readonly DiagnosticDescriptor TypeNotPartial = Error(
            DiagnosticIds.TypeNotPartial,
            DiagnosticCategories.Declaration,
            "Network type is not partial",
            "Declare '{0}' as 'partial' so that NetGen can generate its forward and backward code",
            "NetGen adds the generated members to the network's own type, which is only possible for a partial type.");

        public static readonly DiagnosticDescriptor MissingInput = Error(
            DiagnosticIds.MissingInput,
            DiagnosticCategories.Declaration,
            "Network has no [Input]",
            "Add [Input(n)] to '{0}' to declare how many values the network takes",
            "Every network needs exactly one [Input(n)] attribute: the first layer's weight matrix has one column per input.");

        public static readonly DiagnosticDescriptor MissingDense = Error(
            DiagnosticIds.MissingDense,
            DiagnosticCategories.Declaration,
            "Network has no [Dense] layer",
            "Add at least one [Dense(units, activation)] layer to '{0}'",
            "A network maps its input to its output through one or more Dense layers; without any there is nothing to compute.");

        public static readonly DiagnosticDescriptor LayersOnSeveralDeclarations = Error(
            DiagnosticIds.LayersOnSeveralDeclarations,
            DiagnosticCategories.Declaration,
            "Layer attributes are spread over several partial declarations",
            "Move every [Input] and [Dense] attribute of '{0}' onto the declaration that carries [Network]",
            "Layers are applied in source order, which is only well defined on a single declaration.");

        public static readonly DiagnosticDescriptor GenericNetwork = Error(
            DiagnosticIds.GenericNetwork,
            DiagnosticCategories.Declaration,
            "Network type is generic",
            "'{0}' is generic or nested in a generic type; declare the network on a non-generic type",
            "Generated networks have a fixed topology and precision, so type parameters have nothing to vary; NetGen does not generate code for them.");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
            DiagnosticIds.ContainingTypeNotPartial,
            DiagnosticCategories.Declaration,
            "Containing type of a network is not partial",
            "Declare the containing type '{0}' as 'partial' so that NetGen can add the nested network's members",
            "A nested network is supported when every type that contains it is partial too.");

        public static readonly DiagnosticDescriptor DuplicateInput = Error(
            DiagnosticIds.DuplicateInput,
            DiagnosticCategories.Declaration,
            "Network has more than one [Input]",
            "Remove this [Input]: '{0}' already declares its input width",
            "A network has exactly one input vector, so exactly one [Input(n)] attribute.");

        public static readonly DiagnosticDescriptor InputAfterDense = Error(
            DiagnosticIds.InputAfterDense,
            DiagnosticCategories.Declaration,
            "[Input] comes after a [Dense] layer",
            "Move [Input] above the first [Dense] layer of '{0}'",
            "Layers are read in source order; the input comes first.");

        public static readonly DiagnosticDescriptor EmbeddedWeightsNotAdditionalFile = Error(
            DiagnosticIds.EmbeddedWeightsNotAdditionalFile,
            DiagnosticCategories.Declaration,
            "Embedded weights file is not an additional file",
            "'{0}' is not an AdditionalFiles item of this project; add <AdditionalFiles Include=\"{0}\" /> to the project file",
            "The generator can only read files that the project lists as AdditionalFiles; that is also what makes the build rerun when the file changes.");

        public static readonly DiagnosticDescriptor EmbeddedWeightsUnreadable = Error(
            DiagnosticIds.EmbeddedWeightsUnreadable,
            DiagnosticCategories.Declaration,
            "Embedded weights file cannot be read",
            "'{0}' is listed as an additional file but cannot be read; check that it exists at that path",
            "The compiler could not read the weights file named by [EmbeddedWeights], usually because it does not exist at the listed path.");

        public static readonly DiagnosticDescriptor EmbeddedWeightsInvalid = Error(
            DiagnosticIds.EmbeddedWeightsInvalid,
            DiagnosticCategories.Declaration,
            "Embedded weights file is not a valid weights text file",
            "'{0}' is not a valid NetGen weights text file: {1}",
            "[EmbeddedWeights] reads the text form of a weights file, written by Save(path, WeightsFormat.Text), and checks its structure and CRC-32 checksum exactly as Load does.");

        public static readonly DiagnosticDescriptor StaticNetwork = Error(
            DiagnosticIds.StaticNetwork,
            DiagnosticCategories.Declaration,
            "Network type is static",
            "Remove 'static' from '{0}': a network is an object with its own parameters and gradients",
            "NetGen generates instance members (Parameters, Gradients, Predict, AccumulateGradients) on the network type, which a static class cannot have. For inference without an instance, embed the weights with [EmbeddedWeights] and call the generated static Embedded.Predict.");

        public static readonly DiagnosticDescriptor SizeBelowOne = Error(
            DiagnosticIds.SizeBelowOne,
            DiagnosticCategories.Shape,
            "Size below 1",
            "{0} must be at least 1, but it is {1}",
            "Every input and every layer needs at least one unit.");

        public static readonly DiagnosticDescriptor CrossEntropyNeedsSoftmax = Error(
            DiagnosticIds.CrossEntropyNeedsSoftmax,
            DiagnosticCategories.Shape,
            "CrossEntropy needs a Softmax output layer",
            "Loss.CrossEntropy needs a Softmax output layer, but the last layer of '{0}' uses {1}; use Activation.Softmax there, or another loss",
            "Cross-entropy compares a probability distribution with the targets; NetGen fuses it with the output softmax so that the gradient is y − t and computed stably.");

        public static readonly DiagnosticDescriptor BinaryCrossEntropyNeedsSigmoid = Error(
            DiagnosticIds.BinaryCrossEntropyNeedsSigmoid,
            DiagnosticCategories.Shape,
            "BinaryCrossEntropy needs a Sigmoid output layer",
            "Loss.BinaryCrossEntropy needs a Sigmoid output layer, but the last layer of '{0}' uses {1}; use Activation.Sigmoid there, or another loss",
            "Binary cross-entropy treats each output as an independent probability; NetGen fuses it with the output sigmoid so that the gradient is (y − t)/n and computed stably.");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(
            DiagnosticIds.UndefinedEnumValue,
            DiagnosticCategories.Shape,
            "Value is not a defined member of its enum",
            "{0} is not a defined {1} value; use one of the named members",
            "NetGen generates code for the named members of Activation, Loss, Reduction, Precision and Init only.");

        public static readonly DiagnosticDescriptor NonFiniteOption = Error(
            DiagnosticIds.NonFiniteOption,
            DiagnosticCategories.Declaration,
            "Numeric option is not a finite number",
            "{0} of layer {1} is {2}; give it a finite value",
            "Alpha, BiasInit, UniformLow and UniformHigh go into every forward pass or into the initial parameters; an infinite or NaN value makes every output NaN.");

        public static readonly DiagnosticDescriptor ParameterCountTooLarge = Error(
            DiagnosticIds.ParameterCountTooLarge,
            DiagnosticCategories.Shape,
            "Network has more parameters than an int can count",
            "Layer {0} brings the parameter count of '{1}' to {2}, more than the 2147483647 a Span can hold; make the layers narrower",
            "Parameters and Gradients are spans of ParameterCount values, and ParameterCount is an int.");

        public static readonly DiagnosticDescriptor ScratchTooLarge = Error(
            DiagnosticIds.ScratchTooLarge,
            DiagnosticCategories.Shape,
            "Network's activations need more scratch space than an int can index",
            "Layer {0} brings the units of '{1}' to {2}, whose training scratch space (up to 4 values per unit, {3} bytes) is more than 2147483647 bytes; make the layers narrower",
            "Training keeps up to four values per unit (pre-activation, activation and their gradients) in one scratch buffer indexed by int.");

        // NG1xxx: modelling mistakes. The code compiles, but the network probably does not learn what was meant.

        public static readonly DiagnosticDescriptor RectifiedOutputWithMse = Warning(
            DiagnosticIds.RectifiedOutputWithMse,
            DiagnosticCategories.Modeling,
            "Rectified output layer with MeanSquaredError",
            "The output layer of '{0}' uses {1}, which {2}; use Activation.Identity for a regression output",
            "A regression output should be able to take any value. ReLU clips every negative output to 0 (and its gradient there is 0, so the unit may never recover); LeakyReLU shrinks negative outputs by Alpha. The identity output is the standard choice with MeanSquaredError.");

        public static readonly DiagnosticDescriptor BoundedOutputWithMse = Info(
            DiagnosticIds.BoundedOutputWithMse,
            DiagnosticCategories.Modeling,
            "Bounded output layer with MeanSquaredError",
            "The {1} output layer of '{0}' only produces values in {2}; make sure every target lies inside that range",
            "Sigmoid outputs lie in (0, 1) and Tanh outputs in (-1, 1). A target outside that range can never be reached, and targets at the edge of the range saturate the output and slow learning. Scale the targets, or use an identity output.");

        public static readonly DiagnosticDescriptor ClassScoresWithMse = Info(
            DiagnosticIds.ClassScoresWithMse,
            DiagnosticCategories.Modeling,
            "Several outputs trained with MeanSquaredError",
            "'{0}' has {1} {2} outputs trained with MeanSquaredError; if they are class scores, use Activation.Softmax with Loss.CrossEntropy",
            "Classifiers trained on one-hot targets with a squared error learn slowly and give poorly calibrated scores. A softmax output with cross-entropy turns the outputs into class probabilities and gives a gradient (y - t) that does not vanish when a class is confidently wrong. Ignore this if the outputs are real regression targets.");

        public static readonly DiagnosticDescriptor SoftmaxWithMse = Warning(
            DiagnosticIds.SoftmaxWithMse,
            DiagnosticCategories.Modeling,
            "Softmax output with MeanSquaredError",
            "'{0}' ends in Softmax but is trained with MeanSquaredError; use Loss.CrossEntropy",
            "A softmax output is a probability distribution, which cross-entropy measures. With a squared error the gradient passes through the softmax Jacobian and nearly vanishes when a class is confidently wrong; cross-entropy fused with softmax has the gradient y - t.");

        public static readonly DiagnosticDescriptor SoftmaxSingleUnit = Error(
            DiagnosticIds.SoftmaxSingleUnit,
            DiagnosticCategories.Modeling,
            "Softmax on a single unit",
            "Layer {0} of '{1}' applies Softmax to a single unit, whose output is always 1; use Activation.Sigmoid for a single probability",
            "Softmax normalises its units so that they sum to 1, so one unit is always exactly 1 and its gradient is always 0: the network cannot learn. A single probability is a sigmoid output, trained with BinaryCrossEntropy.");

        public static readonly DiagnosticDescriptor SoftmaxHidden = Warning(
            DiagnosticIds.SoftmaxHidden,
            DiagnosticCategories.Modeling,
            "Softmax on a hidden layer",
            "Hidden layer {0} of '{1}' uses Softmax; use ReLU, LeakyReLU or Tanh in hidden layers and keep Softmax for the output layer",
            "Softmax makes a layer's units compete for a total of 1, which throws away their scale and lets little gradient through. It belongs on the output layer of a classifier.");

        public static readonly DiagnosticDescriptor LinearHiddenLayer = Warning(
            DiagnosticIds.LinearHiddenLayer,
            DiagnosticCategories.Modeling,
            "Hidden layer without activation",
            "Hidden layer {0} of '{1}' has no activation, so it and the next layer collapse into one linear map; give it a non-linear activation such as Activation.ReLU",
            "Two Dense layers with the identity between them compute W2(W1x + b1) + b2, which is a single Dense layer with weights W2W1: the extra layer adds parameters but no expressive power.");

        public static readonly DiagnosticDescriptor SaturatingStack = Warning(
            DiagnosticIds.SaturatingStack,
            DiagnosticCategories.Modeling,
            "Deep stack of saturating activations",
            "'{0}' has {1} Sigmoid or Tanh hidden layers, through which gradients vanish; use ReLU or LeakyReLU in the hidden layers",
            "The derivative of the sigmoid is at most 0.25 and that of tanh at most 1 and much less once a unit saturates. The backward pass multiplies one such factor per layer, so the first layers of a deep sigmoid or tanh stack barely learn.");

        public static readonly DiagnosticDescriptor NoBias = Warning(
            DiagnosticIds.NoBias,
            DiagnosticCategories.Modeling,
            "Layer without bias",
            "Layer {0} of '{1}' has no bias, so every unit's decision boundary must pass through the origin; remove 'Bias = false'",
            "Without a bias a unit computes f(w·x), which cannot shift: for instance it cannot output anything but f(0) for a zero input, and it cannot fit data whose mean is not 0. Biases cost one parameter per unit.");

        public static readonly DiagnosticDescriptor DyingReLU = Info(
            DiagnosticIds.DyingReLU,
            DiagnosticCategories.Modeling,
            "Small ReLU layer may die",
            "Layer {0} of '{1}' has only {2} ReLU units {3}; a unit that stops activating stops learning, so use Activation.LeakyReLU or a small positive BiasInit such as 0.01f",
            "A ReLU unit whose input is negative for every sample has a zero gradient and never recovers. In a wide layer a few dead units do not matter; in a small one they can take the whole network down. LeakyReLU keeps a small gradient for negative inputs, and a small positive starting bias makes most units active at first.");

        public static readonly DiagnosticDescriptor ConstantInit = Error(
            DiagnosticIds.ConstantInit,
            DiagnosticCategories.Modeling,
            "Constant weight initialiser",
            "Hidden layer {0} of '{1}' starts all its weights at {2}, so its units start identical and cannot become different in a useful way; use Init.Auto",
            "Units with the same incoming weights compute the same output and, when the next layer cannot tell them apart, receive the same gradient: they stay copies of each other (and with ReLU at 0 they do not learn at all). Random initialisation breaks this symmetry. An output layer may start at 0, so it is not reported.");

        public static readonly DiagnosticDescriptor BadUniformInit = Warning(
            DiagnosticIds.BadUniformInit,
            DiagnosticCategories.Modeling,
            "Uniform initialiser is off-centre or too wide",
            "Layer {0} of '{1}' draws its weights from [{2}, {3}], which {4}; use Init.Auto",
            "Weights should start centred on 0 with a spread that keeps the variance of the activations stable from layer to layer: He initialisation for the ReLU family, Glorot for the others. An all-positive range (the rand() pattern) makes every unit respond alike and pushes saturating units to their limits; a range much wider than He or Glorot makes activations and gradients explode.");

        public static readonly DiagnosticDescriptor InitActivationMismatch = Info(
            DiagnosticIds.InitActivationMismatch,
            DiagnosticCategories.Modeling,
            "Initialiser does not suit the activation",
            "Layer {0} of '{1}' uses Init.{2} with {3}, for which {4} initialisation is the usual choice; use Init.Auto",
            "He initialisation doubles the variance to make up for the half of the inputs that ReLU zeroes; Glorot keeps it for activations that are linear around 0. Glorot in a deep ReLU stack makes the signal shrink layer after layer; He before a sigmoid or tanh pushes units towards saturation.");

        public static readonly DiagnosticDescriptor SumReduction = Warning(
            DiagnosticIds.SumReduction,
            DiagnosticCategories.Modeling,
            "Sum reduction",
            "'{0}' sums the losses of a batch, so the gradient and the effective learning rate grow with the batch size; use Reduction.Mean",
            "With Reduction.Sum, doubling the batch doubles the gradient, so a learning rate that works for one batch size diverges for a larger one. Reduction.Mean makes the step independent of the batch size. When switching, multiply the learning rate by the batch size to keep the same steps.");

        public static readonly DiagnosticDescriptor ReversedUniformRange = Error(
            DiagnosticIds.ReversedUniformRange,
            DiagnosticCategories.Modeling,
            "UniformLow is greater than UniformHigh",
            "Layer {0} of '{1}' has UniformLow {2} above UniformHigh {3}; swap the two bounds",
            "Init.Uniform draws from [UniformLow, UniformHigh); a range whose lower bound is above its upper bound is empty.");

        public static readonly DiagnosticDescriptor NegativeLeakySlope = Error(
            DiagnosticIds.NegativeLeakySlope,
            DiagnosticCategories.Modeling,
            "LeakyReLU slope is negative",
            "Layer {0} of '{1}' has a LeakyReLU slope (Alpha) of {2}; use a slope of at least 0 (0.01 is the default)",
            "LeakyReLU scales negative inputs by Alpha. A negative slope makes the activation non-monotonic, so it no longer behaves as a rectifier and He initialisation does not fit it.");

        // NG2xxx: limits and performance.

        public static readonly DiagnosticDescriptor EmbeddedWeightsMismatch = Error(
            DiagnosticIds.EmbeddedWeightsMismatch,
            DiagnosticCategories.Shape,
            "Embedded weights do not fit the network",
            "'{0}' holds weights for {1}, but '{2}' is declared as {3}; save the weights of this network, or declare the network the weights were trained for",
            "Embedded weights must have been saved from a network with the same precision, input width and layers (units, activations, bias flags and LeakyReLU slopes).");

        public static readonly DiagnosticDescriptor LayerLooped = Info(
            DiagnosticIds.LayerLooped,
            DiagnosticCategories.Performance,
            "Layer is too large to unroll",
            "Layer {0} ({1}→{2}, {3} weights) is above the unroll budget of {4} weights; NetGen emits vectorised loops for it",
            "Small layers are fully unrolled into straight-line code; larger ones use SIMD loops, which are faster for them. This is information, not a problem.");

        public static readonly DiagnosticDescriptor FullUnrollTooLarge = Warning(
            DiagnosticIds.FullUnrollTooLarge,
            DiagnosticCategories.Performance,
            "Full unrolling of a large network",
            "'{0}' asks for Unrolling.Full but has {1}; the methods get so large that the JIT optimises them poorly, so use Unrolling.Auto",
            "Unrolled code touches every weight by a constant offset, which is fastest for small layers. Past a few hundred weights per layer the methods grow to megabytes of IL: the JIT then compiles them slowly and with minimal optimisation, and the loops that Unrolling.Auto picks are faster.");

        // NG3xxx: call sites.

        public static readonly DiagnosticDescriptor SpanLengthMismatch = Error(
            DiagnosticIds.SpanLengthMismatch,
            DiagnosticCategories.Usage,
            "Span length differs from the network's width",
            "'{0}.{1}' needs exactly {2} values in '{3}', but this argument has {4}",
            "Predict, AccumulateGradients, Trace, EvaluateLoss and SgdStep check the length of their spans and throw ArgumentException when it differs from InputSize, OutputSize or the number of units.");

        public static readonly DiagnosticDescriptor NonPositiveLearningRate = Error(
            DiagnosticIds.NonPositiveLearningRate,
            DiagnosticCategories.Usage,
            "Learning rate is not positive",
            "A learning rate of {0} does not train, since a step of 0 changes nothing and a negative step climbs the loss; use a positive value such as {1}",
            "Gradient descent moves the parameters against the gradient by the learning rate times the gradient; only a positive learning rate decreases the loss.");

        public static readonly DiagnosticDescriptor ImplausibleLearningRate = Warning(
            DiagnosticIds.ImplausibleLearningRate,
            DiagnosticCategories.Usage,
            "Learning rate outside the usual range",
            "A learning rate of {0} is outside the usual range [{1}, {2}] for {3}; start from {4} and tune by factors of 10",
            "A learning rate far below the usual range makes training crawl (the loss seems stuck), one far above it makes the loss oscillate or diverge.");

        public static readonly DiagnosticDescriptor MomentumOutOfRange = Error(
            DiagnosticIds.MomentumOutOfRange,
            DiagnosticCategories.Usage,
            "Momentum or beta outside [0, 1)",
            "{0} must lie in [0, 1), but it is {1}",
            "Momentum and Adam's beta1 and beta2 are decay factors of running averages. At 1 or above the averages never forget and the steps grow without bound; below 0 they alternate in sign.");

        public static readonly DiagnosticDescriptor NonPositiveEpsilon = Error(
            DiagnosticIds.NonPositiveEpsilon,
            DiagnosticCategories.Usage,
            "Epsilon is not positive",
            "Epsilon is {0}, but it must be positive to keep the update's denominator away from 0; use a small value such as 1e-8",
            "Adam-style optimizers divide each step by the square root of a running average of squared gradients plus epsilon. With epsilon 0 a parameter whose gradient has been 0 gets an infinite or NaN step.");

        public static readonly DiagnosticDescriptor L2WithAdam = Warning(
            DiagnosticIds.L2WithAdam,
            DiagnosticCategories.Usage,
            "L2 weight decay with Adam",
            "Weight decay of {0} with '{1}' is added to the gradient and then rescaled per parameter, so it does not regularise as intended; use AdamW, which decays the weights directly",
            "Adam divides each gradient component by its running scale, so an L2 term added to the gradient is weakened exactly for the parameters with large gradients. AdamW (Loshchilov and Hutter, Decoupled Weight Decay Regularization) applies the decay to the weights separately, which is what weight decay is meant to do.");

        // [ImportOnnx]: NG0013–NG0017, NG0106–NG0108, NG1015.

        public static readonly DiagnosticDescriptor ImportOnnxNotAdditionalFile = Error(
            DiagnosticIds.ImportOnnxNotAdditionalFile,
            DiagnosticCategories.Declaration,
            "ONNX model is not an additional file",
            "'{0}' is not an AdditionalFiles item of this project; add <AdditionalFiles Include=\"{0}\" /> to the project file so that NetGen can read the model at build time",
            "[ImportOnnx] reads the model at build time, and a source generator can read only the files the project lists as AdditionalFiles. The path is matched against the end of each additional file's path.");

        public static readonly DiagnosticDescriptor ImportOnnxUnreadable = Error(
            DiagnosticIds.ImportOnnxUnreadable,
            DiagnosticCategories.Declaration,
            "ONNX model cannot be read",
            "The ONNX model '{0}' cannot be read: {1}",
            "The compiler could not give NetGen the model's bytes (the file is missing or locked, or its content was decoded as text and is lost).");

        public static readonly DiagnosticDescriptor ImportOnnxNotOnnx = Error(
            DiagnosticIds.ImportOnnxNotOnnx,
            DiagnosticCategories.Declaration,
            "File is not an ONNX model",
            "'{0}' is not an ONNX model ({1}); name a .onnx file written by torch.onnx.export, tf2onnx or onnx.save_model",
            "An ONNX model is a protocol-buffer ModelProto with an ir_version and a graph. The file named by [ImportOnnx] is something else (another format, text, an empty file).");

        public static readonly DiagnosticDescriptor ImportOnnxCorrupt = Error(
            DiagnosticIds.ImportOnnxCorrupt,
            DiagnosticCategories.Declaration,
            "ONNX model is truncated or corrupt",
            "The ONNX model '{0}' is truncated or corrupt: {1}; export it again or restore the file",
            "The file starts as an ONNX model but a length points past its end or a required part is missing: it was cut short (an interrupted copy, a Git LFS pointer) or damaged.");

        public static readonly DiagnosticDescriptor ImportOnnxWithEmbeddedWeights = Error(
            DiagnosticIds.ImportOnnxWithEmbeddedWeights,
            DiagnosticCategories.Declaration,
            "[ImportOnnx] and [EmbeddedWeights] on one network",
            "'{0}' has both [ImportOnnx] and [EmbeddedWeights]; remove [EmbeddedWeights], the ONNX model's weights are embedded",
            "[ImportOnnx] embeds the model's weights; a second source of embedded weights would be ambiguous.");

        public static readonly DiagnosticDescriptor ImportOnnxUnsupported = Error(
            DiagnosticIds.ImportOnnxUnsupported,
            DiagnosticCategories.Shape,
            "ONNX model cannot be represented",
            "The ONNX model '{0}' cannot be imported: {1}",
            "NetGen imports Dense stacks as torch.onnx.export and tf2onnx write them; any other operator, attribute, data type or graph shape is refused rather than imported as a different network. docs/import.md lists what is accepted.");

        public static readonly DiagnosticDescriptor ImportOnnxMismatch = Error(
            DiagnosticIds.ImportOnnxMismatch,
            DiagnosticCategories.Shape,
            "Declared layers do not match the ONNX model",
            "'{0}' holds the network {1}, but '{2}' is declared as {3}; remove [Input] and [Dense] to take the model as the declaration, or declare the network the model holds",
            "When [Input] and [Dense] are written next to [ImportOnnx] they document the model and must match it exactly: precision (a float model may go into a double network), input width, and each layer's units, activation, bias and LeakyReLU slope.");

        public static readonly DiagnosticDescriptor ImportOutputActivationConflict = Error(
            DiagnosticIds.ImportOutputActivationConflict,
            DiagnosticCategories.Shape,
            "OutputActivation conflicts with the model's output layer",
            "The ONNX model '{0}' already ends with {1}; OutputActivation = Activation.{2} applies only to a model whose output layer is linear, remove it",
            "OutputActivation appends an activation to a model exported without one (a classifier's logits). A model that already ends with another activation would be changed into a different network.");

        public static readonly DiagnosticDescriptor ImportedLogits = Error(
            DiagnosticIds.ImportedLogits,
            DiagnosticCategories.Modeling,
            "Imported classifier outputs logits",
            "The ONNX model '{0}' ends with a linear layer (logits, as nn.{1} trains it), but Loss.{2} needs a {3} output; set OutputActivation = Activation.{3} on [ImportOnnx]",
            "PyTorch classifiers trained with nn.CrossEntropyLoss (or nn.BCEWithLogitsLoss) are exported without their final softmax (or sigmoid): the loss applies it. NetGen fuses the loss with the output activation, so the network needs it; OutputActivation appends it without changing the model's weights.");

        private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description) =>
            Create(id, category, title, message, description, DiagnosticSeverity.Error);

        private static DiagnosticDescriptor Warning(string id, string category, string title, string message, string description) =>
            Create(id, category, title, message, description, DiagnosticSeverity.Warning);

        private static DiagnosticDescriptor Info(string id, string category, string title, string message, string description) =>
            Create(id, category, title, message, description, DiagnosticSeverity.Info);

        private static DiagnosticDescriptor Create(string id, string category, string title, string message, string description, DiagnosticSeverity severity) =>
            new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
    }
}
