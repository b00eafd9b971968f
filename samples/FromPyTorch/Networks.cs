using NetGen;

namespace NetGen.Samples.FromPyTorch;

/// <summary>
/// The spiral classifier trained in PyTorch (model/train.py): 2 → 32 ReLU → 32 ReLU → 3. Nothing is declared here but
/// the loss: the layers and the weights come from the ONNX file at build time. PyTorch trained it with
/// nn.CrossEntropyLoss, so the file ends with logits; OutputActivation appends the softmax NetGen's CrossEntropy needs.
/// </summary>
[Network(Loss.CrossEntropy)]
[ImportOnnx("model/spiral.onnx", OutputActivation = Activation.Softmax)]
public partial class SpiralNet;
