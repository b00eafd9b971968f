using NetGen;

namespace NetGen.Samples.SinCos
{
// The second seed's declaration, reproduced on purpose to show what it does at run time. NetGen reports its mistakes
// when it is compiled: NG1014 (summed loss), NG1009 twice (no biases) and NG1010 (a small ReLU layer with no bias).
#pragma warning disable NG1009, NG1010, NG1014 // this sample shows these mistakes on purpose

    /// <summary>The second seed as its author wrote it: 7-10-2, ReLU, no biases, the batch's losses summed.</summary>
    [Network(Loss.MeanSquaredError, Reduction = Reduction.Sum)]
    [Input(7)]
    [Dense(10, Activation.ReLU, Bias = false)]
    [Dense(2, Bias = false)]
    public partial class SeedSinCosNet;

#pragma warning restore NG1009, NG1010, NG1014

    /// <summary>The analyzers' fixes applied: biases, LeakyReLU instead of a small ReLU layer, the mean loss.</summary>
    [Network(Loss.MeanSquaredError)]
    [Input(7)]
    [Dense(10, Activation.LeakyReLU)]
    [Dense(2)]
    public partial class LeakySinCosNet;

    /// <summary>The fixed network: a smooth Tanh hidden layer for these smooth targets, biases, the mean loss.</summary>
    [Network(Loss.MeanSquaredError)]
    [Input(7)]
    [Dense(10, Activation.Tanh)]
    [Dense(2)]
    public partial class SinCosNet;
}
