using System;

namespace NetGen
{
    /// <summary>
    /// Declares a neural network on a <c>partial class</c>. The layers are the <see cref="InputAttribute"/> and
    /// <see cref="DenseAttribute"/> attributes on the same declaration, in source order; NetGen's source generator
    /// emits the forward and backward code for exactly that topology.
    /// </summary>
    /// <example>
    /// <code>
    /// [Network(Loss.MeanSquaredError)]
    /// [Input(1)]
    /// [Dense(64, Activation.LeakyReLU)]
    /// [Dense(1)]
    /// public partial class SquareNet;
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>Declares a network trained with <paramref name="loss"/>.</summary>
        public NetworkAttribute(Loss loss) => Loss = loss;

        /// <summary>The loss the network is trained to minimise.</summary>
        public Loss Loss { get; }

        /// <summary>How a mini-batch's sample losses are combined. <see cref="Reduction.Mean"/> by default.</summary>
        public Reduction Reduction { get; set; } = Reduction.Mean;

        /// <summary>The floating-point type of the network. <see cref="Precision.Single"/> by default.</summary>
        public Precision Precision { get; set; } = Precision.Single;

        /// <summary>Whether layers are unrolled or looped. <see cref="Unrolling.Auto"/> (by the measured threshold) by default.</summary>
        public Unrolling Unrolling { get; set; } = Unrolling.Auto;
    }

    /// <summary>Declares the width of a network's input vector. Exactly one per network, before its layers.</summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class InputAttribute : Attribute
    {
        /// <summary>Declares an input of <paramref name="size"/> values.</summary>
        public InputAttribute(int size) => Size = size;

        /// <summary>The number of input values.</summary>
        public int Size { get; }
    }

    /// <summary>
    /// Declares a fully connected layer: y = activation(W·x + b), with W a row-major [units, inputs] matrix.
    /// Layers are applied in the order in which they appear in source.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> units with the given activation (Identity by default).</summary>
        public DenseAttribute(int units, Activation activation = Activation.Identity)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>The number of units (outputs) of the layer.</summary>
        public int Units { get; }

        /// <summary>The activation applied to each unit.</summary>
        public Activation Activation { get; }

        /// <summary>Whether the layer adds a bias to each unit. <c>true</c> by default.</summary>
        public bool Bias { get; set; } = true;

        /// <summary>How the weights are initialised. <see cref="Init.Auto"/> by default.</summary>
        public Init WeightInit { get; set; } = Init.Auto;

        /// <summary>The value every bias starts at. 0 by default.</summary>
        public double BiasInit { get; set; } = LayerDefaults.BiasInit;

        /// <summary>
        /// The slope of <see cref="Activation.LeakyReLU"/> for negative inputs, at least 0. 0.01 by default. Like every numeric
        /// option it is a <see cref="double"/>: a single-precision network rounds it once to <see cref="float"/>, a double one uses it as written.
        /// </summary>
        public double Alpha { get; set; } = LayerDefaults.Alpha;

        /// <summary>The lower bound of <see cref="Init.Uniform"/>. −0.05 by default.</summary>
        public double UniformLow { get; set; } = LayerDefaults.UniformLow;

        /// <summary>The upper bound of <see cref="Init.Uniform"/>. 0.05 by default.</summary>
        public double UniformHigh { get; set; } = LayerDefaults.UniformHigh;
    }

    /// <summary>
    /// Bakes trained weights into the build. The generator reads the weights file (its text form, written by
    /// <c>Save(path, WeightsFormat.Text)</c> and listed as an <c>AdditionalFiles</c> item) at compile time and emits the
    /// parameters as static read-only data: new instances start with these weights instead of random ones, and the
    /// nested static class <c>Embedded</c> predicts with no instance, no file and no allocation.
    /// </summary>
    /// <example>
    /// <code>
    /// // In the .csproj: &lt;AdditionalFiles Include="models/square.weights.txt" /&gt;
    /// [Network(Loss.MeanSquaredError)]
    /// [EmbeddedWeights("models/square.weights.txt")]
    /// [Input(1)]
    /// [Dense(64, Activation.LeakyReLU)]
    /// [Dense(1)]
    /// public partial class SquareNet;
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class EmbeddedWeightsAttribute : Attribute
    {
        /// <summary>Embeds the weights stored in <paramref name="path"/>, relative to the project, as listed in <c>AdditionalFiles</c>.</summary>
        public EmbeddedWeightsAttribute(string path) => Path = path;

        /// <summary>The weights file, as listed in <c>AdditionalFiles</c>.</summary>
        public string Path { get; }
    }
    /// <summary>
    /// Compiles a model trained elsewhere into the network type: the generator reads the ONNX file (listed as an
    /// <c>AdditionalFiles</c> item) at build time, takes the input width and the Dense layers (units, activation, bias,
    /// LeakyReLU slope) from it and bakes its weights in as <see cref="EmbeddedWeightsAttribute"/> does: constant data,
    /// new instances start with them, and the nested static class <c>Embedded</c> predicts with no instance.
    /// <c>[Input]</c> and <c>[Dense]</c> may still be written; they must then match the file. What the importer accepts
    /// (what <c>torch.onnx.export</c> and tf2onnx produce for Dense stacks) is listed in docs/import.md.
    /// </summary>
    /// <example>
    /// <code>
    /// // In the .csproj: &lt;AdditionalFiles Include="models/iris.onnx" /&gt;
    /// // A PyTorch classifier trained with nn.CrossEntropyLoss, exported as logits:
    /// [Network(Loss.CrossEntropy)]
    /// [ImportOnnx("models/iris.onnx", OutputActivation = Activation.Softmax)]
    /// public partial class IrisNet;
    /// </code>
    /// </example>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class ImportOnnxAttribute : Attribute
    {
        /// <summary>Imports the network stored in the ONNX model <paramref name="path"/>, relative to the project, as listed in <c>AdditionalFiles</c>.</summary>
        public ImportOnnxAttribute(string path) => Path = path;

        /// <summary>The ONNX model, as listed in <c>AdditionalFiles</c>.</summary>
        public string Path { get; }

        /// <summary>
        /// An activation for the output layer when the model ends without one. Classifiers trained with
        /// <c>nn.CrossEntropyLoss</c> (or <c>BCEWithLogitsLoss</c>) are usually exported as logits; set
        /// <see cref="Activation.Softmax"/> (or <see cref="Activation.Sigmoid"/>) so that the network can use
        /// <see cref="Loss.CrossEntropy"/> (or <see cref="Loss.BinaryCrossEntropy"/>) and predicts probabilities.
        /// <see cref="Activation.Identity"/> (the default) keeps the model's output as it is.
        /// </summary>
        public Activation OutputActivation { get; set; } = Activation.Identity;
    }
}
