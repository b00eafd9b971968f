// Square layers n → n, once unrolled and once as SIMD loops, to choose NetworkLowering.UnrollBudget.
using NetGen;

namespace NetGen.Benchmarks.Unroll;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(8)]
[Dense(8, Activation.ReLU)]
public partial class Square8Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(8)]
[Dense(8, Activation.ReLU)]
public partial class Square8Looped;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(16)]
[Dense(16, Activation.ReLU)]
public partial class Square16Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(16)]
[Dense(16, Activation.ReLU)]
public partial class Square16Looped;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(32)]
[Dense(32, Activation.ReLU)]
public partial class Square32Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(32)]
[Dense(32, Activation.ReLU)]
public partial class Square32Looped;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(64)]
[Dense(64, Activation.ReLU)]
public partial class Square64Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(64)]
[Dense(64, Activation.ReLU)]
public partial class Square64Looped;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(128)]
[Dense(128, Activation.ReLU)]
public partial class Square128Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(128)]
[Dense(128, Activation.ReLU)]
public partial class Square128Looped;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(256)]
[Dense(256, Activation.ReLU)]
public partial class Square256Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(256)]
[Dense(256, Activation.ReLU)]
public partial class Square256Looped;
