using NetGen;

namespace Consumer;

[Network(Loss.BinaryCrossEntropy)]
[Input(2)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;

// The first seed's mistake: LeakyReLU on a regression output. The build must report NG1001 at that argument.
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1, Activation.LeakyReLU)] // NG1001 here
public partial class SeedOneNet;

// Baked-in weights (the EmbeddedInference sample's file), and the same topology to load them at run time.
[Network(Loss.CrossEntropy)]
[EmbeddedWeights("digits.weights.txt")]
[Input(64)]
[Dense(64, Activation.ReLU, BiasInit = 0.01f)]
[Dense(10, Activation.Softmax)]
public partial class EmbeddedDigits;

[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(64, Activation.ReLU, BiasInit = 0.01f)]
[Dense(10, Activation.Softmax)]
public partial class LoadedDigits;
