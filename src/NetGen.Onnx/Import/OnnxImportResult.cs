using System.Globalization;
using System.Text;

namespace NetGen.Onnx.Import
{
    /// <summary>What kind of problem stopped an import; each side maps it to its own error (an NG id, an exception).</summary>
    internal enum OnnxImportProblem
    {
        /// <summary>The model was read.</summary>
        None = 0,

        /// <summary>The bytes are not an ONNX model (not protocol buffers, or no graph).</summary>
        NotOnnx = 1,

        /// <summary>An ONNX model that is cut short or corrupt (a length points past the end, a required part is missing).</summary>
        Corrupt = 2,

        /// <summary>A well-formed model that NetGen cannot represent: an operator, attribute, data type or graph shape.</summary>
        Unsupported = 3,
    }

    /// <summary>One Dense layer read from the model: weights in NetGen's (and nn.Linear's) [units, inputs] row-major layout.</summary>
    internal sealed class OnnxImportedLayer
    {
        public OnnxImportedLayer(int inputs, int units, Activation activation, bool hasBias, float alpha, double[] weights, double[]? biases)
        {
            Inputs = inputs;
            Units = units;
            Activation = activation;
            HasBias = hasBias;
            Alpha = alpha;
            Weights = weights;
            Biases = biases;
        }

        public int Inputs { get; }

        public int Units { get; }

        public Activation Activation { get; }

        public bool HasBias { get; }

        /// <summary>The LeakyRelu slope as the model stores it (ONNX attributes are 32-bit floats); 0.01 otherwise.</summary>
        public float Alpha { get; }

        /// <summary>Units × inputs values, row-major [unit, input], exact (float tensors widened to double).</summary>
        public double[] Weights { get; }

        /// <summary>The biases, or null for a layer without bias.</summary>
        public double[]? Biases { get; }
    }

    /// <summary>
    /// The outcome of reading an ONNX model: either the network (input width, Dense layers, element type) or the problem,
    /// with the node it concerns. Plain data, no exceptions, so that the generator and the runtime map it to their own
    /// errors.
    /// </summary>
    internal sealed class OnnxImportResult
    {
        /// <summary>What the importer accepts, for messages.</summary>
        public const string Supported =
            "Gemm (alpha = beta = 1, transA = 0, transB 0 or 1, constant B and C), MatMul with a constant [in, out] weight and an optional Add of a constant bias, " +
            "Relu, LeakyRelu, Sigmoid, Tanh, Softmax over the last axis, and Identity, Dropout and Flatten (axis 1) as pass-through, " +
            "in a single chain from one [batch, k] float or double input to one output";

        private OnnxImportResult(OnnxImportProblem problem, string message, string? nodeName, string? opType, bool isDouble, int inputSize, OnnxImportedLayer[] layers, long opset)
        {
            Problem = problem;
            Message = message;
            NodeName = nodeName;
            OpType = opType;
            IsDouble = isDouble;
            InputSize = inputSize;
            Layers = layers;
            Opset = opset;
        }

        public OnnxImportProblem Problem { get; }

        /// <summary>What is wrong, a sentence fragment without final period (empty when the import succeeded).</summary>
        public string Message { get; }

        /// <summary>The node the problem is about (its name, or a description when it has none), or null.</summary>
        public string? NodeName { get; }

        /// <summary>That node's op type, or null.</summary>
        public string? OpType { get; }

        /// <summary>Whether the model's tensors are doubles (false: floats).</summary>
        public bool IsDouble { get; }

        public int InputSize { get; }

        public OnnxImportedLayer[] Layers { get; }

        /// <summary>The default-domain operator set version the model imports.</summary>
        public long Opset { get; }

        public bool Succeeded => Problem == OnnxImportProblem.None;

        /// <summary>The whole problem as one sentence fragment: the node (when there is one) and what is wrong.</summary>
        public string Describe() =>
            NodeName is null ? Message : "node '" + NodeName + "' (" + OpType + "): " + Message;

        /// <summary>The topology in NetGen's notation, <c>4 → 16 ReLU → 3 Identity</c>, with the precision.</summary>
        public string Topology
        {
            get
            {
                StringBuilder sb = TopologyText.Start(InputSize);
                foreach (OnnxImportedLayer layer in Layers)
                {
                    TopologyText.AppendLayer(sb, layer.Units, layer.Activation, layer.HasBias, layer.Alpha, withAlpha: true);
                }

                return sb.Append(", ").Append(TopologyText.PrecisionText(IsDouble ? Precision.Double : Precision.Single)).ToString();
            }
        }

        public static OnnxImportResult Success(bool isDouble, int inputSize, OnnxImportedLayer[] layers, long opset) =>
            new(OnnxImportProblem.None, string.Empty, null, null, isDouble, inputSize, layers, opset);

        public static OnnxImportResult Failure(OnnxImportProblem problem, string message, string? nodeName = null, string? opType = null) =>
            new(problem, message, nodeName, opType, false, 0, new OnnxImportedLayer[0], 0);
    }
}
