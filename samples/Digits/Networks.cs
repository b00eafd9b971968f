using NetGen;

namespace NetGen.Samples.Digits
{
    /// <summary>
    /// The fourth seed's 64-10-10 network, fixed: a ReLU hidden layer and a Softmax output trained with cross-entropy.
    /// The seed used Tanh on both layers, a squared error against one-hot targets and all-positive rand() weights.
    /// </summary>
    /// <remarks>
    /// The hidden biases start at 0.01 rather than 0, so that none of the ten units starts dead (NG1010 suggests it
    /// for small ReLU layers). The 64 → 10 layer is emitted as vectorised loops (NG2001, an Info note).
    /// </remarks>
    [Network(Loss.CrossEntropy)]
    [Input(64)]
    [Dense(10, Activation.ReLU, BiasInit = 0.01f)]
    [Dense(10, Activation.Softmax)]
    public partial class DigitsNet;

    /// <summary>The wider variant: 64 ReLU hidden units.</summary>
    [Network(Loss.CrossEntropy)]
    [Input(64)]
    [Dense(64, Activation.ReLU, BiasInit = 0.01f)]
    [Dense(10, Activation.Softmax)]
    public partial class WideDigitsNet;
}
