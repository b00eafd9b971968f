using NetGen;

namespace NetGen.Samples.Xor
{
    /// <summary>
    /// The third seed's 3-4-1 sigmoid network, fixed: biases on both layers and a binary cross-entropy loss, whose
    /// gradient through the sigmoid output is simply y − t. The seed declared no biases and a squared error.
    /// </summary>
    [Network(Loss.BinaryCrossEntropy)]
    [Input(3)]
    [Dense(4, Activation.Sigmoid)]
    [Dense(1, Activation.Sigmoid)]
    public partial class XorNet;
}
