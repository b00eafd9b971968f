using NetGen;

namespace NetGen.Samples.EmbeddedInference
{
    /// <summary>
    /// The Digits sample's wide network (64 inputs, 64 ReLU units, 10 classes) with its trained weights compiled in:
    /// <see cref="Embedded"/> predicts without an instance, a file or an allocation.
    /// </summary>
    [Network(Loss.CrossEntropy)]
    [EmbeddedWeights("models/digits.weights.txt")]
    [Input(64)]
    [Dense(64, Activation.ReLU, BiasInit = 0.01f)]
    [Dense(10, Activation.Softmax)]
    public partial class DigitClassifier;

    /// <summary>
    /// The same topology without embedded weights: what <c>EmbeddedInference train</c> trains and saves as the text
    /// file that <see cref="DigitClassifier"/> bakes in.
    /// </summary>
    [Network(Loss.CrossEntropy)]
    [Input(64)]
    [Dense(64, Activation.ReLU, BiasInit = 0.01f)]
    [Dense(10, Activation.Softmax)]
    public partial class DigitClassifierTrainee;
}
