using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace NetGen
{
    /// <summary>
    /// The declared topology of a generated network, available at run time: its layers, loss, reduction, precision
    /// and where each layer's weights and biases sit in the flat parameter vector. Generated code creates one
    /// instance per network type; it is immutable.
    /// </summary>
    public sealed class NetworkInfo
    {
        private readonly LayerInfo[] _layers;

        /// <summary>Describes a network; offsets are computed from the layer sizes in the documented layout.</summary>
        /// <param name="name">The network type's name, for messages.</param>
        /// <param name="loss">The declared loss.</param>
        /// <param name="reduction">The declared reduction.</param>
        /// <param name="precision">The declared precision.</param>
        /// <param name="inputSize">The input width.</param>
        /// <param name="layers">The layers in forward order. Each layer's <see cref="LayerDeclaration.Units"/> and the
        /// previous layer's width define its weight matrix.</param>
        public NetworkInfo(string name, Loss loss, Reduction reduction, Precision precision, int inputSize, ReadOnlySpan<LayerDeclaration> layers)
        {
            if (inputSize < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "A network needs at least one input.");
            }

            if (layers.Length == 0)
            {
                throw new ArgumentException("A network needs at least one layer.", nameof(layers));
            }

            Name = name ?? throw new ArgumentNullException(nameof(name));
            Loss = loss;
            Reduction = reduction;
            Precision = precision;
            InputSize = inputSize;

            _layers = new LayerInfo[layers.Length];
            int inputs = inputSize;
            int offset = 0;
            int outputOffset = 0;
            for (int i = 0; i < layers.Length; i++)
            {
                LayerDeclaration d = layers[i];
                if (d.Units < 1)
                {
                    throw new ArgumentException($"Layer {i + 1} has {d.Units} units; a layer needs at least one.", nameof(layers));
                }

                var layer = new LayerInfo(i, inputs, d, offset, outputOffset);
                _layers[i] = layer;
                offset += layer.WeightCount + layer.BiasCount;
                outputOffset += d.Units;
                inputs = d.Units;
            }

            ParameterCount = offset;
            TotalUnits = outputOffset;
            OutputSize = inputs;
        }

        /// <summary>The network type's name.</summary>
        public string Name { get; }

        /// <summary>The declared loss.</summary>
        public Loss Loss { get; }

        /// <summary>The declared reduction of a mini-batch's losses.</summary>
        public Reduction Reduction { get; }

        /// <summary>The declared floating-point precision.</summary>
        public Precision Precision { get; }

        /// <summary>The input width.</summary>
        public int InputSize { get; }

        /// <summary>The output width (the last layer's units).</summary>
        public int OutputSize { get; }

        /// <summary>The number of weights and biases.</summary>
        public int ParameterCount { get; }

        /// <summary>The number of units over all layers (the length of a <c>Trace</c> buffer).</summary>
        public int TotalUnits { get; }

        /// <summary>The layers in forward order.</summary>
        public IReadOnlyList<LayerInfo> Layers => _layers;

        /// <summary>The output layer.</summary>
        public LayerInfo OutputLayer => _layers[_layers.Length - 1];

        /// <summary>Whether the network is a classifier (CrossEntropy or BinaryCrossEntropy), for which accuracy is meaningful.</summary>
        public bool IsClassifier => Loss is Loss.CrossEntropy or Loss.BinaryCrossEntropy;

        /// <summary>
        /// Whether <paramref name="other"/> has the same precision, input width and layers (widths, activations, bias
        /// flags and LeakyReLU slopes), so that parameters can move between the two networks.
        /// </summary>
        public bool HasSameTopology(NetworkInfo other)
        {
            if (other is null || other.Precision != Precision || other.InputSize != InputSize || other._layers.Length != _layers.Length)
            {
                return false;
            }

            for (int i = 0; i < _layers.Length; i++)
            {
                LayerInfo a = _layers[i], b = other._layers[i];
                if (a.Units != b.Units || a.Activation != b.Activation || a.HasBias != b.HasBias ||
                    (a.Activation == Activation.LeakyReLU && a.Alpha != b.Alpha))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A one-line description such as <c>1 → 64 LeakyReLU → 1 Identity (MeanSquaredError, 193 parameters)</c>.</summary>
        public string Topology
        {
            get
            {
                StringBuilder sb = TopologyText.Start(InputSize);
                foreach (LayerInfo layer in _layers)
                {
                    TopologyText.AppendLayer(sb, layer.Units, layer.Activation, layer.HasBias, layer.Alpha, withAlpha: false);
                }

                return sb.ToString();
            }
        }

        /// <inheritdoc />
        public override string ToString() =>
            $"{Name}: {Topology} ({Loss}, {ParameterCount.ToString(CultureInfo.InvariantCulture)} parameters)";
    }

    /// <summary>One layer as declared, the input of <see cref="NetworkInfo"/>'s constructor.</summary>
    /// <param name="Units">The number of units.</param>
    /// <param name="Activation">The activation.</param>
    /// <param name="HasBias">Whether the layer has biases.</param>
    /// <param name="Alpha">The LeakyReLU slope.</param>
    /// <param name="WeightInit">The weight initialiser.</param>
    /// <param name="BiasInit">The value biases start at.</param>
    /// <param name="UniformLow">The lower bound for <see cref="Init.Uniform"/>.</param>
    /// <param name="UniformHigh">The upper bound for <see cref="Init.Uniform"/>.</param>
    public readonly record struct LayerDeclaration(
        int Units,
        Activation Activation,
        bool HasBias = true,
        double Alpha = LayerDefaults.Alpha,
        Init WeightInit = Init.Auto,
        double BiasInit = LayerDefaults.BiasInit,
        double UniformLow = LayerDefaults.UniformLow,
        double UniformHigh = LayerDefaults.UniformHigh);

    /// <summary>A dense layer of a generated network and where its parameters sit.</summary>
    public sealed class LayerInfo
    {
        internal LayerInfo(int index, int inputs, LayerDeclaration d, int weightOffset, int outputOffset)
        {
            Index = index;
            Inputs = inputs;
            Units = d.Units;
            Activation = d.Activation;
            HasBias = d.HasBias;
            Alpha = d.Alpha;
            WeightInit = d.WeightInit;
            BiasInit = d.BiasInit;
            UniformLow = d.UniformLow;
            UniformHigh = d.UniformHigh;
            WeightOffset = weightOffset;
            OutputOffset = outputOffset;
        }

        /// <summary>The zero-based position of the layer (the first Dense layer is 0).</summary>
        public int Index { get; }

        /// <summary>The layer's input width (fan-in).</summary>
        public int Inputs { get; }

        /// <summary>The layer's number of units (fan-out).</summary>
        public int Units { get; }

        /// <summary>The activation.</summary>
        public Activation Activation { get; }

        /// <summary>Whether the layer has biases.</summary>
        public bool HasBias { get; }

        /// <summary>The LeakyReLU slope.</summary>
        public double Alpha { get; }

        /// <summary>The weight initialiser as declared.</summary>
        public Init WeightInit { get; }

        /// <summary>The value biases start at.</summary>
        public double BiasInit { get; }

        /// <summary>The lower bound of <see cref="Init.Uniform"/>.</summary>
        public double UniformLow { get; }

        /// <summary>The upper bound of <see cref="Init.Uniform"/>.</summary>
        public double UniformHigh { get; }

        /// <summary>The index of the first weight in the parameter vector.</summary>
        public int WeightOffset { get; }

        /// <summary>The number of weights, <see cref="Units"/> × <see cref="Inputs"/>.</summary>
        public int WeightCount => Units * Inputs;

        /// <summary>The index of the first bias in the parameter vector (right after the weights), or −1 without biases.</summary>
        public int BiasOffset => HasBias ? WeightOffset + WeightCount : -1;

        /// <summary>The number of biases: <see cref="Units"/>, or 0.</summary>
        public int BiasCount => HasBias ? Units : 0;

        /// <summary>Where this layer's outputs start in a <c>Trace</c> buffer.</summary>
        public int OutputOffset { get; }

        /// <summary>The weight of unit <paramref name="unit"/> for input <paramref name="input"/>, as an index into the parameters.</summary>
        public int WeightIndex(int unit, int input) => WeightOffset + (unit * Inputs) + input;
    }
}
