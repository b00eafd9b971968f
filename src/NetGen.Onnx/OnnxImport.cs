using System;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using NetGen.Onnx.Import;

namespace NetGen.Onnx
{
    /// <summary>
    /// Loads the weights of an ONNX model (from <c>torch.onnx.export</c>, tf2onnx or <see cref="OnnxExport"/>) into a
    /// generated network whose topology is the model's. The model is read with the same code as <c>[ImportOnnx]</c> at
    /// build time, so what compiles in also loads at run time, and the other way round.
    /// </summary>
    /// <example>
    /// <code>
    /// var net = new IrisNet();                      // declared 4 → 16 ReLU → 3 Softmax
    /// net.LoadOnnx("iris.onnx", new OnnxImportOptions { OutputActivation = Activation.Softmax });  // PyTorch logits
    /// </code>
    /// </example>
    public static class OnnxImport
    {
        /// <summary>
        /// Replaces the parameters of <paramref name="network"/> with the weights of the ONNX model at
        /// <paramref name="path"/>. Everything is checked first (the file is an ONNX model NetGen can represent, and its
        /// precision, input width and layers are the network's); only then are the parameters replaced. A float model
        /// loads into a double network exactly; a double model does not load into a float network.
        /// </summary>
        /// <param name="network">The network to load into.</param>
        /// <param name="path">The .onnx file.</param>
        /// <param name="options">How to read the model; the defaults when <c>null</c>.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="WeightsFormatException">
        /// The file is not an ONNX model, is truncated or corrupt, holds something NetGen cannot represent, or another
        /// topology. The message names the file, the problem and both topologies; the parameters are unchanged.
        /// </exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public static void LoadOnnx<T>(this INetwork<T> network, string path, OnnxImportOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentException.ThrowIfNullOrEmpty(path);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Load(network, stream, path, options);
        }

        /// <summary>Reads an ONNX model from <paramref name="source"/> to its end into the network, checking everything first.</summary>
        /// <param name="network">The network to load into.</param>
        /// <param name="source">A readable stream positioned at the start of the model.</param>
        /// <param name="sourceName">A name for the stream in error messages.</param>
        /// <param name="options">How to read the model; the defaults when <c>null</c>.</param>
        /// <inheritdoc cref="LoadOnnx{T}(INetwork{T}, string, OnnxImportOptions?)"/>
        public static void LoadOnnx<T>(this INetwork<T> network, Stream source, string? sourceName = null, OnnxImportOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(source);
            Load(network, source, sourceName, options);
        }

        private static void Load<T>(INetwork<T> network, Stream source, string? sourceName, OnnxImportOptions? options)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            NetworkInfo info = network.Info;
            bool isDouble = typeof(T) == typeof(double);
            if (!isDouble && typeof(T) != typeof(float))
            {
                throw new NotSupportedException($"ONNX import supports networks of float or double; {info.Name} is a network of {typeof(T).Name}.");
            }

            if (network.Parameters.Length != info.ParameterCount || (info.Precision == Precision.Double) != isDouble)
            {
                throw new InvalidOperationException($"{info.Name} is inconsistent: its precision or parameter span does not match its layout.");
            }

            // An ONNX file of this network is its parameters plus names and a few hundred bytes per node.
            long limit = (64L << 20) + (16L * info.ParameterCount);
            byte[] bytes = WeightsFileSystem.ReadAtMost(source, limit);
            string file = sourceName is null ? "the ONNX stream" : $"the ONNX model '{sourceName}'";
            if (bytes.Length > limit)
            {
                throw Fail(WeightsProblem.TrailingData, sourceName, file, info, $"it is larger than {limit.ToString(CultureInfo.InvariantCulture)} bytes, far more than a model of {info.ParameterCount.ToString(CultureInfo.InvariantCulture)} parameters needs");
            }

            OnnxImportResult model = OnnxModelReader.Read(bytes);
            if (!model.Succeeded)
            {
                WeightsProblem problem = model.Problem switch
                {
                    OnnxImportProblem.NotOnnx => WeightsProblem.NotWeightsFile,
                    OnnxImportProblem.Corrupt => WeightsProblem.Truncated,
                    _ => WeightsProblem.Unsupported,
                };
                throw Fail(problem, sourceName, file, info, model.Describe());
            }

            Activation outputActivation = options?.OutputActivation ?? Activation.Identity;
            OnnxImportedLayer output = model.Layers[^1];
            if (outputActivation != Activation.Identity && output.Activation != Activation.Identity && output.Activation != outputActivation)
            {
                throw Fail(WeightsProblem.TopologyMismatch, sourceName, file, info,
                    $"the model already ends with {output.Activation}, so OutputActivation = {outputActivation} does not apply");
            }

            if (model.IsDouble && !isDouble)
            {
                throw Fail(WeightsProblem.PrecisionMismatch, sourceName, file, info,
                    $"the model holds doubles and {info.Name} is a network of float; declare it with Precision.Double. The model is {Describe(model, outputActivation)}");
            }

            if (!Matches(info, model, outputActivation))
            {
                throw Fail(WeightsProblem.TopologyMismatch, sourceName, file, info,
                    $"its topology differs: the model is {Describe(model, outputActivation)}, {info.Name} is {info.Topology}");
            }

            // Every check has passed: only now does the network change.
            var values = new T[info.ParameterCount];
            int at = 0;
            foreach (OnnxImportedLayer layer in model.Layers)
            {
                foreach (double w in layer.Weights)
                {
                    values[at++] = T.CreateTruncating(w);
                }

                foreach (double b in layer.Biases ?? Array.Empty<double>())
                {
                    values[at++] = T.CreateTruncating(b);
                }
            }

            // Every check has passed: only now does the network change, under its guard.
            ParameterWrites.Replace<T>(network, values);
        }

        private static bool Matches(NetworkInfo info, OnnxImportResult model, Activation outputActivation)
        {
            if (info.InputSize != model.InputSize || info.Layers.Count != model.Layers.Length)
            {
                return false;
            }

            for (int i = 0; i < model.Layers.Length; i++)
            {
                LayerInfo d = info.Layers[i];
                OnnxImportedLayer m = model.Layers[i];
                Activation activation = ActivationOf(model, i, outputActivation);
                if (d.Units != m.Units || d.Activation != activation || d.HasBias != m.HasBias ||
                    (activation == Activation.LeakyReLU && (float)d.Alpha != m.Alpha))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Describe(OnnxImportResult model, Activation outputActivation)
        {
            StringBuilder sb = TopologyText.Start(model.InputSize);
            for (int i = 0; i < model.Layers.Length; i++)
            {
                OnnxImportedLayer m = model.Layers[i];
                TopologyText.AppendLayer(sb, m.Units, ActivationOf(model, i, outputActivation), m.HasBias, m.Alpha, withAlpha: true);
            }

            return sb.ToString();
        }

        /// <summary>Layer <paramref name="i"/>'s activation once OutputActivation is appended to a linear output layer.</summary>
        private static Activation ActivationOf(OnnxImportResult model, int i, Activation outputActivation)
        {
            Activation own = model.Layers[i].Activation;
            return i == model.Layers.Length - 1 && own == Activation.Identity && outputActivation != Activation.Identity ? outputActivation : own;
        }

        private static WeightsFormatException Fail(WeightsProblem problem, string? sourceName, string file, NetworkInfo info, string detail) =>
            new($"Cannot load {file} into {info.Name} ({info.Topology}): {detail}. The parameters are unchanged.", sourceName, problem);
    }
}
