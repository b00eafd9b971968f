using NetGen;

namespace OldCompilerConsumer;

[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(8, Activation.LeakyReLU)]
[Dense(1, Activation.LeakyReLU)]
public partial class SeedOneNet;
