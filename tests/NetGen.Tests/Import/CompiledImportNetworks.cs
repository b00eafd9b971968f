using NetGen;

namespace NetGen.Tests.Import;

/// <summary>
/// A PyTorch model compiled into the test assembly by the real compiler: the .onnx file is an AdditionalFiles item of
/// this project and NetGen.targets hands it to the generator (3 → 6 LeakyReLU(0.2) → 5 Tanh → 2 Sigmoid).
/// </summary>
[Network(Loss.BinaryCrossEntropy)]
[ImportOnnx("Import/Fixtures/torch_leaky_tanh_sigmoid_op11.onnx")]
public partial class CompiledLeakyTanhSigmoid;

/// <summary>The same topology declared by hand, for LoadOnnx and LoadSafetensors at run time.</summary>
[Network(Loss.BinaryCrossEntropy)]
[Input(3)]
[Dense(6, Activation.LeakyReLU, Alpha = 0.2f)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Sigmoid)]
public partial class DeclaredLeakyTanhSigmoid;
