// The shapes that set the lowering's thresholds, each once unrolled and once as vector code: square layers n → n
// (NetworkLowering.UnrollBudget), fan-in layers n → 4 and 64 → 2 (WideFanIn) and single-input columns 1 → n
// (SingleInputVectorUnits).
using NetGen;

namespace NetGen.Benchmarks.Unroll;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(8)]
[Dense(8, Activation.ReLU)]
public partial class Square8Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(8)]
[Dense(8, Activation.ReLU)]
public partial class Square8Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(16)]
[Dense(16, Activation.ReLU)]
public partial class Square16Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(16)]
[Dense(16, Activation.ReLU)]
public partial class Square16Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(32)]
[Dense(32, Activation.ReLU)]
public partial class Square32Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(32)]
[Dense(32, Activation.ReLU)]
public partial class Square32Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(16)]
[Dense(4, Activation.ReLU)]
public partial class FanIn16Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(16)]
[Dense(4, Activation.ReLU)]
public partial class FanIn16Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(32)]
[Dense(4, Activation.ReLU)]
public partial class FanIn32Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(32)]
[Dense(4, Activation.ReLU)]
public partial class FanIn32Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(64)]
[Dense(2, Activation.ReLU)]
public partial class FanIn64Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(64)]
[Dense(2, Activation.ReLU)]
public partial class FanIn64Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(1)]
[Dense(8, Activation.ReLU)]
public partial class Column8Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(1)]
[Dense(8, Activation.ReLU)]
public partial class Column8Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(1)]
[Dense(16, Activation.ReLU)]
public partial class Column16Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(1)]
[Dense(16, Activation.ReLU)]
public partial class Column16Vector;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Full)]
[Input(1)]
[Dense(32, Activation.ReLU)]
public partial class Column32Unrolled;

[Network(Loss.MeanSquaredError, Unrolling = Unrolling.Loops)]
[Input(1)]
[Dense(32, Activation.ReLU)]
public partial class Column32Vector;
