namespace NetGen.Benchmarks.Embedded;

// The SquareFit and Digits networks twice: once with their weights baked in at build time, once loading the same
// weights file at run time.

[Network(Loss.MeanSquaredError)]
[EmbeddedWeights("models/squarefit.weights.txt")]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class SquareFitEmbedded;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class SquareFitLoaded;

[Network(Loss.CrossEntropy)]
[EmbeddedWeights("models/digits.weights.txt")]
[Input(64)]
[Dense(10, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsEmbedded;

[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(10, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class DigitsLoaded;
