using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Reflection;

namespace NetGen.Onnx
{
    /// <summary>
    /// Exports any generated network (<see cref="INetwork{T}"/> of <see cref="float"/> or <see cref="double"/>) to an
    /// ONNX model: per Dense layer one <c>Gemm</c> node (transB = 1, since NetGen stores each weight matrix as
    /// PyTorch's <c>nn.Linear</c> does, row-major [units, inputs]) and one activation node (<c>Relu</c>,
    /// <c>LeakyRelu</c> with the layer's alpha, <c>Sigmoid</c>, <c>Tanh</c>, <c>Softmax</c> over the last axis or
    /// <c>Identity</c>). Input and output are [batch, n] tensors with a symbolic batch dimension.
    /// </summary>
    /// <example>
    /// <code>
    /// var net = new SquareNet();
    /// net.Fit(xs, ys, options);
    /// net.SaveOnnx("square.onnx");                 // opens in Netron, runs in ONNX Runtime
    /// byte[] model = OnnxExport.ToBytes(net);      // or keep it in memory
    /// </code>
    /// </example>
    public static class OnnxExport
    {
        /// <summary>The version of the default ONNX operator set the model imports.</summary>
        public const int OpsetVersion = 17;

        /// <summary>The ONNX IR version the model declares (the one that goes with <see cref="OpsetVersion"/>).</summary>
        public const long IrVersion = 8;

        /// <summary>
        /// Writes <paramref name="network"/> as an ONNX model to <paramref name="path"/>, atomically: the model is
        /// encoded in memory, written to a temporary file beside the target, flushed to disk and renamed over it, so
        /// that a failure leaves the previous file (or none) and never a partial one.
        /// </summary>
        /// <param name="network">Any generated network of float or double.</param>
        /// <param name="path">The .onnx file to create or replace.</param>
        /// <param name="options">Names in the graph; the defaults when <c>null</c>.</param>
        /// <exception cref="ArgumentException">The path is empty, or the options are not usable names.</exception>
        /// <exception cref="NotSupportedException">The network's element type or an activation has no ONNX counterpart.</exception>
        /// <exception cref="IOException">The file cannot be written (missing directory, a directory of that name, disk full…); the message names the path.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to write the file or its directory; the message names the path.</exception>
        public static void SaveOnnx<T>(this INetwork<T> network, string path, OnnxExportOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            Save(network, path, options, OnnxFileSystem.Default);

        /// <summary>Encodes <paramref name="network"/> as an ONNX model (the bytes of an .onnx file).</summary>
        /// <inheritdoc cref="SaveOnnx{T}(INetwork{T}, string, OnnxExportOptions?)"/>
        public static byte[] ToBytes<T>(INetwork<T> network, OnnxExportOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            options ??= new OnnxExportOptions();
            CheckOptions(options);
            return BuildModel(network, options).ToArray();
        }

        /// <summary>Writes the ONNX model of <paramref name="network"/> to <paramref name="stream"/>.</summary>
        /// <inheritdoc cref="SaveOnnx{T}(INetwork{T}, string, OnnxExportOptions?)"/>
        public static void Write<T>(INetwork<T> network, Stream stream, OnnxExportOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(stream);
            stream.Write(ToBytes(network, options));
        }

        internal static void Save<T>(INetwork<T> network, string path, OnnxExportOptions? options, OnnxFileSystem files)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentException.ThrowIfNullOrWhiteSpace(path);

            // Everything that can go wrong with the network or the options fails here, before a file is touched.
            byte[] model = ToBytes(network, options);
            files.WriteAtomically(path, model);
        }

        private static ProtoMessage BuildModel<T>(INetwork<T> network, OnnxExportOptions options)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            NetworkInfo info = network.Info;
            int elementType = ElementType<T>(info);
            ReadOnlySpan<T> parameters = network.Parameters;
            if (parameters.Length != info.ParameterCount)
            {
                throw new ArgumentException(
                    $"{info.Name} holds {parameters.Length} parameters but its layout describes {info.ParameterCount}; the network is inconsistent.",
                    nameof(network));
            }

            var graph = new ProtoMessage()
                .String(OnnxFields.Graph.Name, options.GraphName ?? info.Name)
                .String(OnnxFields.Graph.DocString, info.ToString());

            string previous = options.InputName;
            foreach (LayerInfo layer in info.Layers)
            {
                string prefix = string.Create(CultureInfo.InvariantCulture, $"layer{layer.Index}");
                string weightName = prefix + ".weight", biasName = prefix + ".bias", linear = prefix + ".linear";
                bool last = layer.Index == info.Layers.Count - 1;
                string output = last ? options.OutputName : prefix + ".output";

                graph.Message(OnnxFields.Graph.Initializer, Initializer(weightName, elementType, parameters.Slice(layer.WeightOffset, layer.WeightCount), layer.Units, layer.Inputs));
                var gemmInputs = new List<string> { previous, weightName };
                if (layer.HasBias)
                {
                    graph.Message(OnnxFields.Graph.Initializer, Initializer(biasName, elementType, parameters.Slice(layer.BiasOffset, layer.BiasCount), layer.Units));
                    gemmInputs.Add(biasName);
                }

                // z = x·Wᵀ + b: W is stored [units, inputs], so Gemm transposes its second operand.
                graph.Message(OnnxFields.Graph.Node, Node("Gemm", prefix + ".gemm", gemmInputs, linear, IntAttribute("transB", 1)));
                graph.Message(OnnxFields.Graph.Node, ActivationNode(info, layer, prefix, linear, output));
                previous = output;
            }

            graph.Message(OnnxFields.Graph.Input, ValueInfo(options.InputName, elementType, options.BatchDimensionName, info.InputSize));
            graph.Message(OnnxFields.Graph.Output, ValueInfo(options.OutputName, elementType, options.BatchDimensionName, info.OutputSize));

            string version = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            int plus = version.IndexOf('+', StringComparison.Ordinal);
            version = plus < 0 ? version : version.Substring(0, plus);   // without the source revision
            return new ProtoMessage()
                .Int64(OnnxFields.Model.IrVersion, IrVersion)
                .Message(OnnxFields.Model.OpsetImport, new ProtoMessage()
                    .String(OnnxFields.OperatorSetId.Domain, string.Empty)
                    .Int64(OnnxFields.OperatorSetId.Version, OpsetVersion))
                .String(OnnxFields.Model.ProducerName, "NetGen")
                .String(OnnxFields.Model.ProducerVersion, version)
                .Int64(OnnxFields.Model.ModelVersion, 1)
                .String(OnnxFields.Model.DocString, info.ToString())
                .Message(OnnxFields.Model.MetadataProps, Entry("netgen.topology", info.Topology))
                .Message(OnnxFields.Model.MetadataProps, Entry("netgen.loss", info.Loss.ToString()))
                .Message(OnnxFields.Model.Graph, graph);
        }

        private static int ElementType<T>(NetworkInfo info)
        {
            Precision? precision = typeof(T) == typeof(float) ? Precision.Single : typeof(T) == typeof(double) ? Precision.Double : null;
            if (precision is null)
            {
                throw new NotSupportedException(
                    $"ONNX export supports networks of float or double; {info.Name} is a network of {typeof(T).Name}.");
            }

            if (precision != info.Precision)
            {
                throw new ArgumentException(
                    $"{info.Name} is declared with Precision.{info.Precision} but was passed as a network of {typeof(T).Name}.", "network");
            }

            return precision == Precision.Single ? OnnxFields.Tensor.TypeFloat : OnnxFields.Tensor.TypeDouble;
        }

        private static ProtoMessage ActivationNode(NetworkInfo info, LayerInfo layer, string prefix, string input, string output)
        {
            string[] inputs = { input };
            switch (layer.Activation)
            {
                case Activation.Identity:
                    return Node("Identity", prefix + ".identity", inputs, output);
                case Activation.ReLU:
                    return Node("Relu", prefix + ".relu", inputs, output);
                case Activation.LeakyReLU:
                    if (!double.IsFinite(layer.Alpha) || !float.IsFinite((float)layer.Alpha))
                    {
                        throw new NotSupportedException(
                            $"Layer {layer.Index + 1} of {info.Name} is LeakyReLU with slope {layer.Alpha}; ONNX's LeakyRelu needs a finite alpha.");
                    }

                    return Node("LeakyRelu", prefix + ".leaky_relu", inputs, output, FloatAttribute("alpha", (float)layer.Alpha)); // ONNX types this attribute as a 32-bit float
                case Activation.Sigmoid:
                    return Node("Sigmoid", prefix + ".sigmoid", inputs, output);
                case Activation.Tanh:
                    return Node("Tanh", prefix + ".tanh", inputs, output);
                case Activation.Softmax:
                    // Opset 13 and later: softmax along one axis, here each row's units.
                    return Node("Softmax", prefix + ".softmax", inputs, output, IntAttribute("axis", -1));
                default:
                    throw new NotSupportedException(
                        $"Layer {layer.Index + 1} of {info.Name} has activation {layer.Activation}, which the ONNX exporter does not know; supported are Identity, ReLU, LeakyReLU, Sigmoid, Tanh and Softmax.");
            }
        }

        private static ProtoMessage Node(string opType, string name, IReadOnlyList<string> inputs, string output, ProtoMessage? attribute = null)
        {
            var node = new ProtoMessage();
            foreach (string input in inputs)
            {
                node.String(OnnxFields.Node.Input, input);
            }

            node.String(OnnxFields.Node.Output, output)
                .String(OnnxFields.Node.Name, name)
                .String(OnnxFields.Node.OpType, opType);
            if (attribute is not null)
            {
                node.Message(OnnxFields.Node.Attribute, attribute);
            }

            return node;
        }

        private static ProtoMessage IntAttribute(string name, long value) => new ProtoMessage()
            .String(OnnxFields.Attribute.Name, name)
            .Int64(OnnxFields.Attribute.I, value)
            .Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt);

        private static ProtoMessage FloatAttribute(string name, float value) => new ProtoMessage()
            .String(OnnxFields.Attribute.Name, name)
            .Float(OnnxFields.Attribute.F, value)
            .Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeFloat);

        private static ProtoMessage Entry(string key, string value) => new ProtoMessage()
            .String(OnnxFields.StringStringEntry.Key, key)
            .String(OnnxFields.StringStringEntry.Value, value);

        /// <summary>A constant tensor of the given shape; values little-endian in raw_data.</summary>
        private static ProtoMessage Initializer<T>(string name, int elementType, ReadOnlySpan<T> values, params int[] dims)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var tensor = new ProtoMessage();
            foreach (int d in dims)
            {
                tensor.Int64(OnnxFields.Tensor.Dims, d);
            }

            byte[] raw;
            if (typeof(T) == typeof(float))
            {
                raw = new byte[values.Length * sizeof(float)];
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), float.CreateTruncating(values[i]));
                }
            }
            else
            {
                raw = new byte[values.Length * sizeof(double)];
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * sizeof(double)), double.CreateTruncating(values[i]));
                }
            }

            return tensor
                .Int64(OnnxFields.Tensor.DataType, elementType)
                .String(OnnxFields.Tensor.Name, name)
                .Bytes(OnnxFields.Tensor.RawData, raw);
        }

        private static ProtoMessage ValueInfo(string name, int elementType, string batchDimension, int width)
        {
            var shape = new ProtoMessage()
                .Message(OnnxFields.Shape.Dim, new ProtoMessage().String(OnnxFields.Shape.DimParam, batchDimension))
                .Message(OnnxFields.Shape.Dim, new ProtoMessage().Int64(OnnxFields.Shape.DimValue, width));
            var tensorType = new ProtoMessage()
                .Int64(OnnxFields.Type.TensorElemType, elementType)
                .Message(OnnxFields.Type.TensorShape, shape);
            return new ProtoMessage()
                .String(OnnxFields.ValueInfo.Name, name)
                .Message(OnnxFields.ValueInfo.Type, new ProtoMessage().Message(OnnxFields.Type.TensorType, tensorType));
        }

        private static void CheckOptions(OnnxExportOptions options)
        {
            CheckName(options.InputName, nameof(OnnxExportOptions.InputName));
            CheckName(options.OutputName, nameof(OnnxExportOptions.OutputName));
            CheckName(options.BatchDimensionName, nameof(OnnxExportOptions.BatchDimensionName));
            if (options.GraphName is not null)
            {
                CheckName(options.GraphName, nameof(OnnxExportOptions.GraphName));
            }

            if (options.InputName == options.OutputName)
            {
                throw new ArgumentException(
                    $"OnnxExportOptions.InputName and OutputName are both '{options.InputName}'; an ONNX graph needs distinct names.", nameof(options));
            }

            foreach (string name in new[] { options.InputName, options.OutputName })
            {
                if (name.StartsWith("layer", StringComparison.Ordinal) && name.Contains('.', StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"'{name}' looks like one of the exporter's own tensor names (layerN.weight, layerN.output…); choose another input or output name.", nameof(options));
                }
            }

            static void CheckName(string? value, string setting)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    throw new ArgumentException($"OnnxExportOptions.{setting} is empty; give it a name such as the default.", setting);
                }
            }
        }
    }
}
