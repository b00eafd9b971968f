#pragma warning disable NG1009, NG1014 // the seeds' own mistakes (no biases, summed loss) are what these networks reproduce
using NetGen;

namespace NetGen.Tests.Training;

// The networks the training tests use; the generator emits them when the test project builds.

/// <summary>y = w·x + b in double: one weight and one bias, for hand-computed optimizer steps.</summary>
[Network(Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(1)]
[Dense(1)]
public partial class LinearNet;

/// <summary>y = w·x + b in float.</summary>
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(1)]
public partial class LinearFloatNet;

/// <summary>y = w·x + b with a summed batch loss.</summary>
[Network(Loss.MeanSquaredError, Reduction = Reduction.Sum, Precision = Precision.Double)]
[Input(1)]
[Dense(1)]
public partial class LinearSumNet;

/// <summary>The second seed's network: 7-10-2, ReLU, no biases, summed loss.</summary>
[Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
[Input(7)]
[Dense(10, Activation.ReLU, Bias = false)]
[Dense(2, Bias = false)]
public partial class SecondSeedNet;

/// <summary>The second seed's network fixed: biases, LeakyReLU, mean loss.</summary>
[Network(Loss.MeanSquaredError)]
[Input(7)]
[Dense(10, Activation.LeakyReLU)]
[Dense(2)]
public partial class SecondSeedFixedNet;

/// <summary>A small healthy regression network.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(16, Activation.ReLU)]
[Dense(1)]
public partial class RegressionNet;

/// <summary>A three-class classifier.</summary>
[Network(Loss.CrossEntropy)]
[Input(2)]
[Dense(12, Activation.Tanh)]
[Dense(3, Activation.Softmax)]
public partial class ThreeClassNet;

/// <summary>A binary classifier.</summary>
[Network(Loss.BinaryCrossEntropy)]
[Input(2)]
[Dense(12, Activation.LeakyReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class BinaryNet;

/// <summary>NG5001: every hidden unit starts far below zero and never activates.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(8, Activation.ReLU, BiasInit = -10f)]
[Dense(1)]
public partial class DeadReLUNet;

/// <summary>NG5002: sigmoid units pushed to 1 by their bias.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(8, Activation.Sigmoid, BiasInit = 10f)]
[Dense(1)]
public partial class SaturatedSigmoidNet;

/// <summary>NG5002: tanh units pushed to 1 by their bias.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(8, Activation.Tanh, BiasInit = 8f)]
[Dense(1)]
public partial class SaturatedTanhNet;

/// <summary>NG5003: a classifier declared with a regression loss.</summary>
[Network(Loss.MeanSquaredError)]
[Input(2)]
[Dense(12, Activation.LeakyReLU)]
[Dense(3)]
public partial class OneHotRegressionNet;

/// <summary>NG5004: a sigmoid output for a regression whose targets exceed 1 (the first seed's mistake).</summary>
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(8, Activation.LeakyReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class SigmoidRegressionNet;
