using System;
using System.Collections.Generic;
using System.Globalization;

namespace NetGen.Onnx.Import
{
    /// <summary>
    /// Reads an ONNX model made of Dense layers (what <c>torch.onnx.export</c> and tf2onnx produce for a stack of
    /// <c>nn.Linear</c>/<c>Dense</c> layers) into input width, layers and weights. One core for both sides: the
    /// generator compiles this file in (netstandard2.0, no dependency) for <c>[ImportOnnx]</c>, NetGen.Onnx uses it for
    /// <c>LoadOnnx</c>. It never throws for bad input: every problem comes back as an <see cref="OnnxImportResult"/>.
    /// </summary>
    internal static class OnnxModelReader
    {
        public const int MinOpset = 9;
        public const int MaxOpset = 21;

        /// <summary>The largest tensor accepted, in elements (a Dense stack this size is far beyond what NetGen unrolls or loops well).</summary>
        public const int MaxTensorElements = 1 << 26;

        private const int TensorFloat = 1;
        private const int TensorDouble = 11;

        public static OnnxImportResult Read(byte[] data)
        {
            if (data.Length == 0)
            {
                return OnnxImportResult.Failure(OnnxImportProblem.NotOnnx, "the file is empty");
            }

            bool sawIrVersion = false;
            try
            {
                var model = new ProtoReader(data);
                long irVersion = 0, opset = -1;
                ProtoReader? graph = null;
                var otherDomains = new List<string>();
                while (model.Next(out int field, out int wire))
                {
                    if (field == 1 && wire == ProtoReader.WireVarint)
                    {
                        irVersion = model.ReadInt64();
                        sawIrVersion = true;
                    }
                    else if (field == 7 && wire == ProtoReader.WireLengthDelimited)
                    {
                        graph = model.ReadMessage();
                    }
                    else if (field == 8 && wire == ProtoReader.WireLengthDelimited)
                    {
                        ReadOpset(model.ReadMessage(), out string domain, out long version);
                        if (domain.Length == 0 || domain == "ai.onnx")
                        {
                            opset = version;
                        }
                        else
                        {
                            otherDomains.Add(domain);
                        }
                    }
                    else
                    {
                        model.Skip(wire);
                    }
                }

                if (!sawIrVersion || graph is null)
                {
                    return OnnxImportResult.Failure(OnnxImportProblem.NotOnnx, sawIrVersion ? "the model holds no graph" : "it has no ONNX ir_version field, so it is not an ONNX model");
                }

                if (irVersion < 3 || irVersion > 100)
                {
                    return OnnxImportResult.Failure(OnnxImportProblem.Corrupt, "its ir_version " + irVersion.ToString(CultureInfo.InvariantCulture) + " is not an ONNX IR version");
                }

                if (opset < 0)
                {
                    return OnnxImportResult.Failure(OnnxImportProblem.Corrupt, "it imports no default (ai.onnx) operator set");
                }

                if (opset < MinOpset || opset > MaxOpset)
                {
                    return OnnxImportResult.Failure(
                        OnnxImportProblem.Unsupported,
                        "it uses operator set " + opset.ToString(CultureInfo.InvariantCulture) + "; NetGen imports opsets " + MinOpset.ToString(CultureInfo.InvariantCulture) + " to " + MaxOpset.ToString(CultureInfo.InvariantCulture) + " (export again with opset_version in that range)");
                }

                return ReadGraph(graph.Value, opset);
            }
            catch (ProtoFormatException e)
            {
                return e.Truncated && sawIrVersion
                    ? OnnxImportResult.Failure(OnnxImportProblem.Corrupt, "it is cut short or corrupt: " + e.Message)
                    : OnnxImportResult.Failure(OnnxImportProblem.NotOnnx, "it is not a protocol-buffer ONNX model: " + e.Message);
            }
        }

        private static void ReadOpset(ProtoReader reader, out string domain, out long version)
        {
            domain = string.Empty;
            version = 0;
            while (reader.Next(out int field, out int wire))
            {
                if (field == 1 && wire == ProtoReader.WireLengthDelimited)
                {
                    domain = reader.ReadString();
                }
                else if (field == 2 && wire == ProtoReader.WireVarint)
                {
                    version = reader.ReadInt64();
                }
                else
                {
                    reader.Skip(wire);
                }
            }
        }

        private sealed class Node
        {
            public readonly List<string> Inputs = new();
            public readonly List<string> Outputs = new();
            public readonly Dictionary<string, Attribute> Attributes = new(StringComparer.Ordinal);
            public string Name = string.Empty;
            public string OpType = string.Empty;
            public string Domain = string.Empty;
            public int Index;

            public string Label => Name.Length > 0 ? Name : "#" + Index.ToString(CultureInfo.InvariantCulture) + (Outputs.Count > 0 ? " → " + Outputs[0] : string.Empty);

            public long Int(string name, long fallback) => Attributes.TryGetValue(name, out Attribute? a) && a.HasInt ? a.Int : fallback;

            public float Float(string name, float fallback) => Attributes.TryGetValue(name, out Attribute? a) && a.HasFloat ? a.Float : fallback;
        }

        private sealed class Attribute
        {
            public bool HasInt;
            public bool HasFloat;
            public long Int;
            public float Float;
        }

        private sealed class ValueInfo
        {
            public string Name = string.Empty;
            public int ElementType;
            public List<long?>? Dims;
        }

        private sealed class Tensor
        {
            public string Name = string.Empty;
            public readonly List<long> Dims = new();
            public int DataType;
            public double[] Values = new double[0];
        }

        private static OnnxImportResult ReadGraph(ProtoReader graph, long opset)
        {
            var nodes = new List<Node>();
            var initializers = new Dictionary<string, ProtoReader>(StringComparer.Ordinal);
            var inputs = new List<ValueInfo>();
            var outputs = new List<ValueInfo>();
            while (graph.Next(out int field, out int wire))
            {
                if (wire != ProtoReader.WireLengthDelimited)
                {
                    graph.Skip(wire);
                    continue;
                }

                switch (field)
                {
                    case 1:
                        Node node = ReadNode(graph.ReadMessage());
                        node.Index = nodes.Count;
                        nodes.Add(node);
                        break;
                    case 5:
                        ProtoReader tensor = graph.ReadMessage();
                        initializers[TensorName(tensor)] = tensor;
                        break;
                    case 11:
                        inputs.Add(ReadValueInfo(graph.ReadMessage()));
                        break;
                    case 12:
                        outputs.Add(ReadValueInfo(graph.ReadMessage()));
                        break;
                    case 15:
                        return Unsupported("the graph has sparse initializers; export dense weights");
                    default:
                        graph.Skip(wire);
                        break;
                }
            }

            // Before IR version 4 every initializer is also listed as an input: the data input is the one that is not.
            var dataInputs = inputs.FindAll(i => !initializers.ContainsKey(i.Name));
            if (dataInputs.Count != 1)
            {
                return Unsupported("the graph has " + dataInputs.Count.ToString(CultureInfo.InvariantCulture) + " inputs besides its weights; NetGen imports a network with exactly one input");
            }

            if (outputs.Count != 1)
            {
                return Unsupported("the graph has " + outputs.Count.ToString(CultureInfo.InvariantCulture) + " outputs; NetGen imports a network with exactly one output");
            }

            ValueInfo input = dataInputs[0];
            if (input.ElementType != TensorFloat && input.ElementType != TensorDouble)
            {
                return Unsupported("the input '" + input.Name + "' has element type " + DataTypeName(input.ElementType) + "; NetGen imports float and double models");
            }

            bool isDouble = input.ElementType == TensorDouble;
            long? declaredWidth = null;
            if (input.Dims is { } dims)
            {
                if (dims.Count != 2)
                {
                    return Unsupported("the input '" + input.Name + "' has rank " + dims.Count.ToString(CultureInfo.InvariantCulture) + "; NetGen imports [batch, k] inputs (flatten the input before export)");
                }

                declaredWidth = dims[1];
            }

            var builder = new ChainBuilder(initializers, isDouble, opset);
            string current = input.Name;
            for (int n = 0; n < nodes.Count; n++)
            {
                Node node = nodes[n];
                string? problem = builder.Apply(node, current, nodes, n, outputs[0].Name, out string next);
                if (problem is not null)
                {
                    return OnnxImportResult.Failure(OnnxImportProblem.Unsupported, problem, node.Label, node.OpType);
                }

                current = next;
            }

            if (current != outputs[0].Name)
            {
                return Unsupported("the graph output '" + outputs[0].Name + "' is not the end of the chain of nodes from the input '" + input.Name + "'");
            }

            List<OnnxImportedLayer> layers = builder.Finish();
            if (layers.Count == 0)
            {
                return Unsupported("the graph has no Gemm or MatMul node, so no Dense layer");
            }

            if (outputs[0].Dims is { Count: 2 } outDims && outDims[1] is { } outWidth && outWidth != layers[layers.Count - 1].Units)
            {
                return Unsupported("the output '" + outputs[0].Name + "' is declared " + outWidth.ToString(CultureInfo.InvariantCulture) + " wide but the last layer has " + layers[layers.Count - 1].Units.ToString(CultureInfo.InvariantCulture) + " units");
            }

            // Every constant must be used: a weight no node reads means the graph is not the network it seems to be.
            foreach (string name in initializers.Keys)
            {
                if (!nodes.Exists(n => n.Inputs.Contains(name)))
                {
                    return Unsupported("the constant '" + name + "' is not read by any node; NetGen imports graphs in which every initializer belongs to a layer");
                }
            }

            if (declaredWidth is { } width && width != layers[0].Inputs)
            {
                return Unsupported("the input '" + input.Name + "' is declared " + width.ToString(CultureInfo.InvariantCulture) + " wide but the first weight matrix takes " + layers[0].Inputs.ToString(CultureInfo.InvariantCulture) + " inputs");
            }

            return OnnxImportResult.Success(isDouble, layers[0].Inputs, layers.ToArray(), opset);
        }

        private static OnnxImportResult Unsupported(string message) => OnnxImportResult.Failure(OnnxImportProblem.Unsupported, message);

        /// <summary>Walks the nodes in order, each of which must continue the chain, and assembles Dense layers.</summary>
        private sealed class ChainBuilder
        {
            private readonly Dictionary<string, ProtoReader> _initializers;
            private readonly bool _isDouble;
            private readonly long _opset;
            private readonly List<OnnxImportedLayer> _layers = new();

            // The linear part of the layer being assembled, waiting for its bias (after MatMul) or activation.
            private double[]? _weights;
            private double[]? _biases;
            private int _inputs, _units;
            private bool _fromMatMul;

            public ChainBuilder(Dictionary<string, ProtoReader> initializers, bool isDouble, long opset)
            {
                _initializers = initializers;
                _isDouble = isDouble;
                _opset = opset;
            }

            public string? Apply(Node node, string current, List<Node> nodes, int index, string graphOutput, out string next)
            {
                next = current;
                if (node.Domain.Length != 0 && node.Domain != "ai.onnx")
                {
                    return "operators of domain '" + node.Domain + "' are not supported; NetGen imports " + OnnxImportResult.Supported;
                }

                // Inputs that are not weights must be exactly the chain's current tensor (optional inputs are "").
                int dataPosition = -1;
                for (int i = 0; i < node.Inputs.Count; i++)
                {
                    string name = node.Inputs[i];
                    if (name.Length == 0 || _initializers.ContainsKey(name))
                    {
                        continue;
                    }

                    if (name != current || dataPosition >= 0)
                    {
                        return "its input '" + name + "' is not the output of the node before it; NetGen imports a single chain of nodes";
                    }

                    dataPosition = i;
                }

                if (dataPosition < 0)
                {
                    return "it does not read the chain's current tensor '" + current + "'; NetGen imports a single chain of nodes";
                }

                int usedOutputs = node.OpType == "Dropout" ? 1 : node.Outputs.Count;
                if (node.Outputs.Count == 0 || usedOutputs != 1 || (node.Outputs.Count > 1 && IsUsed(node.Outputs[1], nodes, index, graphOutput)))
                {
                    return "it has " + node.Outputs.Count.ToString(CultureInfo.InvariantCulture) + " outputs in use; NetGen imports nodes with one output";
                }

                next = node.Outputs[0];
                foreach (string attribute in node.Attributes.Keys)
                {
                    if (!KnownAttribute(node.OpType, attribute))
                    {
                        return "its attribute '" + attribute + "' is not one NetGen knows for " + node.OpType + "; NetGen imports " + OnnxImportResult.Supported;
                    }
                }

                switch (node.OpType)
                {
                    case "Gemm":
                        return dataPosition != 0 ? "the chain's tensor must be its first input A" : Gemm(node);
                    case "MatMul":
                        return dataPosition != 0 ? "the chain's tensor must be its first input (x · W with W [in, out])" : MatMul(node);
                    case "Add":
                        return Add(node, dataPosition);
                    case "Relu":
                        return Activate(Activation.ReLU, 0.01f);
                    case "LeakyRelu":
                        return Activate(Activation.LeakyReLU, node.Float("alpha", 0.01f));
                    case "Sigmoid":
                        return Activate(Activation.Sigmoid, 0.01f);
                    case "Tanh":
                        return Activate(Activation.Tanh, 0.01f);
                    case "Softmax":
                        long axis = node.Int("axis", _opset < 13 ? 1 : -1);
                        return axis is 1 or -1
                            ? Activate(Activation.Softmax, 0.01f)
                            : "it normalises over axis " + axis.ToString(CultureInfo.InvariantCulture) + "; NetGen's Softmax runs over each sample's units (axis 1 or -1 of a [batch, n] tensor)";
                    case "Identity":
                        return null;
                    case "Dropout":
                        // Inference: Dropout passes its input through (ratio and training_mode are ignored by exporters' eval graphs).
                        return null;
                    case "Flatten":
                        long flattenAxis = node.Int("axis", 1);
                        return flattenAxis == 1 ? null : "it flattens from axis " + flattenAxis.ToString(CultureInfo.InvariantCulture) + "; NetGen passes through only Flatten of a [batch, k] tensor at axis 1";
                    default:
                        return "the operator " + node.OpType + " is not supported; NetGen imports " + OnnxImportResult.Supported;
                }
            }

            public List<OnnxImportedLayer> Finish()
            {
                if (_weights is not null)
                {
                    Close(Activation.Identity, 0.01f);
                }

                return _layers;
            }

            private string? Gemm(Node node)
            {
                float alpha = node.Float("alpha", 1f), beta = node.Float("beta", 1f);
                long transA = node.Int("transA", 0), transB = node.Int("transB", 0);
                if (alpha != 1f || beta != 1f)
                {
                    return "alpha = " + alpha.ToString("R", CultureInfo.InvariantCulture) + " and beta = " + beta.ToString("R", CultureInfo.InvariantCulture) + "; NetGen imports Gemm with alpha = beta = 1";
                }

                if (transA != 0 || transB is not (0 or 1))
                {
                    return "transA = " + transA.ToString(CultureInfo.InvariantCulture) + ", transB = " + transB.ToString(CultureInfo.InvariantCulture) + "; NetGen imports Gemm with transA = 0 and transB 0 or 1";
                }

                Tensor? b = null;
                string? problem = null;
                if (node.Inputs.Count < 2 || !TryTensor(node.Inputs[1], out b, out problem))
                {
                    return problem ?? "its weight B is not a constant initializer";
                }

                if (b!.Dims.Count != 2)
                {
                    return "its weight '" + b.Name + "' has rank " + b.Dims.Count.ToString(CultureInfo.InvariantCulture) + "; a Dense weight is a matrix";
                }

                string? open = Open(b, transposed: transB == 0, fromMatMul: false);
                if (open is not null || node.Inputs.Count < 3 || node.Inputs[2].Length == 0)
                {
                    return open;
                }

                return Bias(node.Inputs[2]);
            }

            private string? MatMul(Node node)
            {
                Tensor? w = null;
                string? problem = null;
                if (node.Inputs.Count != 2 || !TryTensor(node.Inputs[1], out w, out problem))
                {
                    return problem ?? "its second input is not a constant weight matrix";
                }

                if (w!.Dims.Count != 2)
                {
                    return "its weight '" + w.Name + "' has rank " + w.Dims.Count.ToString(CultureInfo.InvariantCulture) + "; a Dense weight is an [in, out] matrix";
                }

                return Open(w, transposed: true, fromMatMul: true);
            }

            private string? Add(Node node, int dataPosition)
            {
                if (_weights is null || !_fromMatMul || _biases is not null)
                {
                    return "an Add is imported only as the bias right after a MatMul";
                }

                if (node.Inputs.Count != 2)
                {
                    return "it does not have two inputs";
                }

                return Bias(node.Inputs[1 - dataPosition]);
            }

            private string? Activate(Activation activation, float alpha)
            {
                if (_weights is null)
                {
                    return "an activation is imported only right after a Gemm or MatMul (and its bias); NetGen has no layer that is only an activation";
                }

                if (activation == Activation.LeakyReLU && (float.IsNaN(alpha) || float.IsInfinity(alpha)))
                {
                    return "its alpha is not a finite number";
                }

                Close(activation, alpha);
                return null;
            }

            private string? Open(Tensor w, bool transposed, bool fromMatMul)
            {
                if (_weights is not null)
                {
                    Close(Activation.Identity, 0.01f);
                }

                int rows = (int)w.Dims[0], columns = (int)w.Dims[1];
                int inputs = transposed ? rows : columns, units = transposed ? columns : rows;
                if (_layers.Count > 0 && _layers[_layers.Count - 1].Units != inputs)
                {
                    return "its weight '" + w.Name + "' takes " + inputs.ToString(CultureInfo.InvariantCulture) + " inputs but the layer before it has " + _layers[_layers.Count - 1].Units.ToString(CultureInfo.InvariantCulture) + " units";
                }

                double[] weights = w.Values;
                if (transposed)
                {
                    weights = new double[w.Values.Length];
                    for (int i = 0; i < inputs; i++)
                    {
                        for (int u = 0; u < units; u++)
                        {
                            weights[(u * inputs) + i] = w.Values[(i * units) + u];
                        }
                    }
                }

                _weights = weights;
                _biases = null;
                _inputs = inputs;
                _units = units;
                _fromMatMul = fromMatMul;
                return null;
            }

            private string? Bias(string name)
            {
                if (!TryTensor(name, out Tensor? c, out string? problem))
                {
                    return problem ?? "its bias '" + name + "' is not a constant initializer";
                }

                bool vector = c!.Dims.Count == 1 && c.Dims[0] == _units;
                bool row = c.Dims.Count == 2 && c.Dims[0] == 1 && c.Dims[1] == _units;
                if (!vector && !row)
                {
                    return "its bias '" + c.Name + "' has shape " + Shape(c.Dims) + "; NetGen imports a bias of shape [" + _units.ToString(CultureInfo.InvariantCulture) + "] or [1, " + _units.ToString(CultureInfo.InvariantCulture) + "]";
                }

                _biases = c.Values;
                return null;
            }

            private void Close(Activation activation, float alpha)
            {
                _layers.Add(new OnnxImportedLayer(_inputs, _units, activation, _biases is not null, activation == Activation.LeakyReLU ? alpha : 0.01f, _weights!, _biases));
                _weights = null;
                _biases = null;
            }

            private bool TryTensor(string name, out Tensor? tensor, out string? problem)
            {
                tensor = null;
                problem = null;
                if (!_initializers.TryGetValue(name, out ProtoReader reader))
                {
                    return false;
                }

                tensor = ReadTensor(reader, out problem);
                if (tensor is null)
                {
                    return false;
                }

                int expected = _isDouble ? TensorDouble : TensorFloat;
                if (tensor.DataType != expected)
                {
                    problem = "its constant '" + name + "' has element type " + DataTypeName(tensor.DataType) + " but the input is " + DataTypeName(expected) + "; NetGen imports models whose tensors are all float or all double";
                    tensor = null;
                    return false;
                }

                return true;
            }
        }

        /// <summary>The attributes the accepted operators define in opsets 9 to 21 (any other would change what the node computes).</summary>
        private static bool KnownAttribute(string opType, string attribute) => opType switch
        {
            "Gemm" => attribute is "alpha" or "beta" or "transA" or "transB",
            "LeakyRelu" => attribute == "alpha",
            "Softmax" or "Flatten" => attribute == "axis",
            "Dropout" => attribute is "ratio" or "seed" or "is_test",
            _ => false,
        };

        private static bool IsUsed(string tensor, List<Node> nodes, int after, string graphOutput)
        {
            if (tensor.Length == 0)
            {
                return false;
            }

            if (tensor == graphOutput)
            {
                return true;
            }

            for (int n = after + 1; n < nodes.Count; n++)
            {
                if (nodes[n].Inputs.Contains(tensor))
                {
                    return true;
                }
            }

            return false;
        }

        private static Node ReadNode(ProtoReader reader)
        {
            var node = new Node();
            while (reader.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1 when wire == ProtoReader.WireLengthDelimited:
                        node.Inputs.Add(reader.ReadString());
                        break;
                    case 2 when wire == ProtoReader.WireLengthDelimited:
                        node.Outputs.Add(reader.ReadString());
                        break;
                    case 3 when wire == ProtoReader.WireLengthDelimited:
                        node.Name = reader.ReadString();
                        break;
                    case 4 when wire == ProtoReader.WireLengthDelimited:
                        node.OpType = reader.ReadString();
                        break;
                    case 5 when wire == ProtoReader.WireLengthDelimited:
                        ReadAttribute(reader.ReadMessage(), node.Attributes);
                        break;
                    case 7 when wire == ProtoReader.WireLengthDelimited:
                        node.Domain = reader.ReadString();
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            return node;
        }

        private static void ReadAttribute(ProtoReader reader, Dictionary<string, Attribute> into)
        {
            string name = string.Empty;
            var attribute = new Attribute();
            while (reader.Next(out int field, out int wire))
            {
                if (field == 1 && wire == ProtoReader.WireLengthDelimited)
                {
                    name = reader.ReadString();
                }
                else if (field == 2 && wire == ProtoReader.WireFixed32)
                {
                    attribute.Float = BitConverter.ToSingle(BitConverter.GetBytes(reader.ReadFixed32()), 0);
                    attribute.HasFloat = true;
                }
                else if (field == 3 && wire == ProtoReader.WireVarint)
                {
                    attribute.Int = reader.ReadInt64();
                    attribute.HasInt = true;
                }
                else
                {
                    reader.Skip(wire);
                }
            }

            into[name] = attribute;
        }

        private static ValueInfo ReadValueInfo(ProtoReader reader)
        {
            var info = new ValueInfo();
            while (reader.Next(out int field, out int wire))
            {
                if (field == 1 && wire == ProtoReader.WireLengthDelimited)
                {
                    info.Name = reader.ReadString();
                }
                else if (field == 2 && wire == ProtoReader.WireLengthDelimited)
                {
                    // TypeProto.tensor_type (1) → elem_type (1), shape (2) → dim (1) → dim_value (1) | dim_param (2).
                    ProtoReader type = reader.ReadMessage();
                    while (type.Next(out int tf, out int tw))
                    {
                        if (tf != 1 || tw != ProtoReader.WireLengthDelimited)
                        {
                            type.Skip(tw);
                            continue;
                        }

                        ProtoReader tensorType = type.ReadMessage();
                        while (tensorType.Next(out int f, out int w))
                        {
                            if (f == 1 && w == ProtoReader.WireVarint)
                            {
                                info.ElementType = (int)tensorType.ReadVarint();
                            }
                            else if (f == 2 && w == ProtoReader.WireLengthDelimited)
                            {
                                info.Dims = ReadShape(tensorType.ReadMessage());
                            }
                            else
                            {
                                tensorType.Skip(w);
                            }
                        }
                    }
                }
                else
                {
                    reader.Skip(wire);
                }
            }

            return info;
        }

        private static List<long?> ReadShape(ProtoReader shape)
        {
            var dims = new List<long?>();
            while (shape.Next(out int field, out int wire))
            {
                if (field != 1 || wire != ProtoReader.WireLengthDelimited)
                {
                    shape.Skip(wire);
                    continue;
                }

                ProtoReader dim = shape.ReadMessage();
                long? value = null;
                while (dim.Next(out int f, out int w))
                {
                    if (f == 1 && w == ProtoReader.WireVarint)
                    {
                        value = dim.ReadInt64();
                    }
                    else
                    {
                        dim.Skip(w);
                    }
                }

                dims.Add(value);
            }

            return dims;
        }

        private static string TensorName(ProtoReader reader)
        {
            string name = string.Empty;
            while (reader.Next(out int field, out int wire))
            {
                if (field == 8 && wire == ProtoReader.WireLengthDelimited)
                {
                    name = reader.ReadString();
                }
                else
                {
                    reader.Skip(wire);
                }
            }

            return name;
        }

        /// <summary>Reads an initializer's shape, type and values (raw_data, float_data or double_data); null with a problem when it cannot.</summary>
        private static Tensor? ReadTensor(ProtoReader reader, out string? problem)
        {
            problem = null;
            var tensor = new Tensor();
            int rawStart = -1, rawLength = 0;
            var floats = new List<double>();
            bool external = false, segmented = false;
            while (reader.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1 when wire == ProtoReader.WireVarint:
                        tensor.Dims.Add(reader.ReadInt64());
                        break;
                    case 1 when wire == ProtoReader.WireLengthDelimited:
                        ProtoReader packed = reader.ReadMessage();
                        while (!packed.AtEnd)
                        {
                            tensor.Dims.Add(packed.ReadInt64());
                        }

                        break;
                    case 2 when wire == ProtoReader.WireVarint:
                        tensor.DataType = (int)reader.ReadVarint();
                        break;
                    case 3:
                        segmented = true;
                        reader.Skip(wire);
                        break;
                    case 4 when wire == ProtoReader.WireFixed32:
                        floats.Add(SingleFromBits(reader.ReadFixed32()));
                        break;
                    case 4 when wire == ProtoReader.WireLengthDelimited:
                        reader.ReadLengthDelimited(out int fs, out int fl);
                        if (fl % 4 != 0)
                        {
                            throw new ProtoFormatException("packed float_data is not a whole number of floats", truncated: false);
                        }

                        for (int o = fs; o < fs + fl; o += 4)
                        {
                            floats.Add(SingleFromBits(LittleEndian32(reader.Data, o)));
                        }

                        break;
                    case 8 when wire == ProtoReader.WireLengthDelimited:
                        tensor.Name = reader.ReadString();
                        break;
                    case 9 when wire == ProtoReader.WireLengthDelimited:
                        reader.ReadLengthDelimited(out rawStart, out rawLength);
                        break;
                    case 10 when wire == ProtoReader.WireFixed64:
                        floats.Add(BitConverter.Int64BitsToDouble((long)reader.ReadFixed64()));
                        break;
                    case 10 when wire == ProtoReader.WireLengthDelimited:
                        reader.ReadLengthDelimited(out int ds, out int dl);
                        if (dl % 8 != 0)
                        {
                            throw new ProtoFormatException("packed double_data is not a whole number of doubles", truncated: false);
                        }

                        for (int o = ds; o < ds + dl; o += 8)
                        {
                            floats.Add(BitConverter.Int64BitsToDouble(LittleEndian64(reader.Data, o)));
                        }

                        break;
                    case 13:
                        external = true;
                        reader.Skip(wire);
                        break;
                    case 14 when wire == ProtoReader.WireVarint:
                        external |= reader.ReadVarint() == 1;
                        break;
                    default:
                        reader.Skip(wire);
                        break;
                }
            }

            if (external)
            {
                problem = "its constant '" + tensor.Name + "' is stored as external data in another file; export with the weights inside the model (torch.onnx.export does so below 2 GB; onnx.save_model(..., save_as_external_data=False))";
                return null;
            }

            if (segmented)
            {
                problem = "its constant '" + tensor.Name + "' is segmented; NetGen imports whole tensors";
                return null;
            }

            if (tensor.DataType != TensorFloat && tensor.DataType != TensorDouble)
            {
                problem = "its constant '" + tensor.Name + "' has element type " + DataTypeName(tensor.DataType) + "; NetGen imports float and double tensors";
                return null;
            }

            long count = 1;
            foreach (long d in tensor.Dims)
            {
                if (d < 1 || d > MaxTensorElements || (count *= d) > MaxTensorElements)
                {
                    problem = "its constant '" + tensor.Name + "' has shape " + Shape(tensor.Dims) + ", which is empty or too large";
                    return null;
                }
            }

            int size = tensor.DataType == TensorDouble ? 8 : 4;
            if (rawStart >= 0)
            {
                if (floats.Count != 0 || rawLength != count * size)
                {
                    problem = "its constant '" + tensor.Name + "' of shape " + Shape(tensor.Dims) + " holds " + rawLength.ToString(CultureInfo.InvariantCulture) + " bytes of raw data instead of " + (count * size).ToString(CultureInfo.InvariantCulture);
                    return null;
                }

                var values = new double[count];
                for (int i = 0; i < values.Length; i++)
                {
                    int o = rawStart + (i * size);
                    values[i] = size == 8 ? BitConverter.Int64BitsToDouble(LittleEndian64(reader.Data, o)) : SingleFromBits(LittleEndian32(reader.Data, o));
                }

                tensor.Values = values;
            }
            else
            {
                if (floats.Count != count)
                {
                    problem = "its constant '" + tensor.Name + "' of shape " + Shape(tensor.Dims) + " holds " + floats.Count.ToString(CultureInfo.InvariantCulture) + " values instead of " + count.ToString(CultureInfo.InvariantCulture);
                    return null;
                }

                tensor.Values = floats.ToArray();
            }

            return tensor;
        }

        private static uint LittleEndian32(byte[] data, int offset) =>
            (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));

        private static long LittleEndian64(byte[] data, int offset) =>
            (long)(LittleEndian32(data, offset) | ((ulong)LittleEndian32(data, offset + 4) << 32));

        private static double SingleFromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);

        private static string Shape(List<long> dims)
        {
            var parts = new string[dims.Count];
            for (int i = 0; i < dims.Count; i++)
            {
                parts[i] = dims[i].ToString(CultureInfo.InvariantCulture);
            }

            return "[" + string.Join(", ", parts) + "]";
        }

        private static string DataTypeName(int type) => type switch
        {
            0 => "undefined",
            1 => "float",
            2 => "uint8",
            3 => "int8",
            4 => "uint16",
            5 => "int16",
            6 => "int32",
            7 => "int64",
            8 => "string",
            9 => "bool",
            10 => "float16",
            11 => "double",
            12 => "uint32",
            13 => "uint64",
            16 => "bfloat16",
            _ => "#" + type.ToString(CultureInfo.InvariantCulture),
        };
    }
}
