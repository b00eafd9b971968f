namespace NetGen.Tests.Embedded;

// Runtime twins of the networks the embedding tests compile with [EmbeddedWeights]: their weights are saved as text
// and fed to the generator as an additional file.

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(16, Activation.LeakyReLU, Alpha = 0.05f)]
[Dense(1)]
public partial class EmbedSquareNet;

[Network(Loss.CrossEntropy, Precision = Precision.Double)]
[Input(6)]
[Dense(5, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class EmbedDoubleNet;

[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(10, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class EmbedDigitsNet;

// The topologies of the SquareFit and Digits samples, whose weights the embedded-vs-loaded benchmark bakes in.

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public partial class BenchSquareFitNet;

[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(10, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class BenchDigitsNet;
