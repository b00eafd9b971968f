using System;
using System.Runtime.InteropServices;

namespace NetGen.Benchmarks.Contenders;

/// <summary>
/// FANN 2.2 (Debian's libfann2, the float build <c>libfloatfann.so.2</c>) through P/Invoke, set up to compute exactly
/// what a NetGen network computes: the same layers, NetGen's weights and biases copied in, activation steepness
/// chosen so that FANN's sigmoid is the logistic function and its symmetric sigmoid is tanh, and the linear error
/// function for training (plain per-sample backpropagation, <c>fann_train</c>).
/// </summary>
public sealed unsafe class FannMlp : IDisposable
{
    private const string Library = "libfloatfann.so.2";

    private readonly IntPtr _ann;
    private readonly NetworkInfo _info;
    private readonly int[] _layerStart;   // FANN's global index of each layer's first neuron (each layer ends with a bias neuron)
    private readonly float[] _input;
    private readonly float[] _target;
    private bool _disposed;

    /// <summary>Whether libfloatfann.so.2 can be loaded here (benchmarks/setup.sh installs it).</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Library, typeof(FannMlp).Assembly, null, out _);

    /// <summary>Why FANN cannot run <paramref name="info"/>, or <c>null</c> when it can.</summary>
    public static string? Unsupported(NetworkInfo info)
    {
        foreach (LayerInfo layer in info.Layers)
        {
            if (layer.Activation is not (Activation.Identity or Activation.Sigmoid or Activation.Tanh))
            {
                return $"FANN 2.2 has no {layer.Activation} activation.";
            }

            if (!layer.HasBias)
            {
                return "FANN layers always have biases.";
            }

            if (layer.Index < info.Layers.Count - 1 && layer.Activation != info.Layers[0].Activation)
            {
                return "FANN uses one activation for all hidden layers.";
            }
        }

        return null;
    }

    /// <summary>Creates a FANN network of <paramref name="network"/>'s topology with its parameters.</summary>
    /// <param name="network">A network that <see cref="Unsupported"/> accepts.</param>
    /// <param name="learningRate">FANN's learning rate; its linear error function has no factor 2/n, so this equals NetGen SGD with learning rate · n / 2.</param>
    public FannMlp(INetwork<float> network, float learningRate = 0.1f)
    {
        _info = network.Info;
        if (Unsupported(_info) is { } why)
        {
            throw new NotSupportedException(why);
        }

        int layers = _info.Layers.Count + 1;
        var sizes = new uint[layers];
        _layerStart = new int[layers];
        sizes[0] = (uint)_info.InputSize;
        for (int l = 0; l < _info.Layers.Count; l++)
        {
            sizes[l + 1] = (uint)_info.Layers[l].Units;
        }

        for (int l = 1; l < layers; l++)
        {
            _layerStart[l] = _layerStart[l - 1] + (int)sizes[l - 1] + 1;
        }

        fixed (uint* s = sizes)
        {
            _ann = fann_create_standard_array((uint)layers, s);
        }

        if (_ann == IntPtr.Zero)
        {
            throw new InvalidOperationException("fann_create_standard_array failed.");
        }

        fann_set_activation_function_hidden(_ann, Function(_info.Layers[0].Activation));
        fann_set_activation_steepness_hidden(_ann, Steepness(_info.Layers[0].Activation));
        fann_set_activation_function_output(_ann, Function(_info.OutputLayer.Activation));
        fann_set_activation_steepness_output(_ann, Steepness(_info.OutputLayer.Activation));
        fann_set_training_algorithm(_ann, 0);       // FANN_TRAIN_INCREMENTAL
        fann_set_train_error_function(_ann, 0);     // FANN_ERRORFUNC_LINEAR: delta = (t − y)·f'
        fann_set_learning_rate(_ann, learningRate);
        fann_set_learning_momentum(_ann, 0f);
        SetParameters(network.Parameters);

        _input = new float[_info.InputSize];
        _target = new float[_info.OutputSize];
    }

    /// <summary>fann_run on one sample.</summary>
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(_input);
        fixed (float* x = _input)
        {
            float* y = fann_run(_ann, x);
            new ReadOnlySpan<float>(y, output.Length).CopyTo(output);
        }
    }

    /// <summary>fann_train on one sample: forward, backward and weight update in one call.</summary>
    public void Train(ReadOnlySpan<float> input, ReadOnlySpan<float> target)
    {
        input.CopyTo(_input);
        target.CopyTo(_target);
        fixed (float* x = _input)
        fixed (float* t = _target)
        {
            fann_train(_ann, x, t);
        }
    }

    /// <summary>Copies NetGen-layout parameters into FANN's connections.</summary>
    public void SetParameters(ReadOnlySpan<float> parameters)
    {
        Connection[] connections = Connections();
        for (int c = 0; c < connections.Length; c++)
        {
            connections[c].Weight = parameters[ParameterIndex(connections[c])];
        }

        fixed (Connection* p = connections)
        {
            fann_set_weight_array(_ann, p, (uint)connections.Length);
        }
    }

    /// <summary>FANN's weights in NetGen's layout.</summary>
    public float[] GetParameters()
    {
        var parameters = new float[_info.ParameterCount];
        foreach (Connection c in Connections())
        {
            parameters[ParameterIndex(c)] = c.Weight;
        }

        return parameters;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            fann_destroy(_ann);
            _disposed = true;
        }
    }

    private Connection[] Connections()
    {
        var connections = new Connection[fann_get_total_connections(_ann)];
        fixed (Connection* p = connections)
        {
            fann_get_connection_array(_ann, p);
        }

        return connections;
    }

    private int ParameterIndex(Connection c)
    {
        int to = (int)c.To, from = (int)c.From;
        int l = _layerStart.Length - 1;
        while (_layerStart[l] > to)
        {
            l--;
        }

        LayerInfo layer = _info.Layers[l - 1];
        int unit = to - _layerStart[l];
        int input = from - _layerStart[l - 1];
        return input == layer.Inputs ? layer.BiasOffset + unit : layer.WeightIndex(unit, input);
    }

    private static int Function(Activation activation) => activation switch
    {
        Activation.Identity => 0,   // FANN_LINEAR
        Activation.Sigmoid => 3,    // FANN_SIGMOID: 1 / (1 + e^(−2·s·z))
        Activation.Tanh => 5,       // FANN_SIGMOID_SYMMETRIC: tanh(s·z)
        _ => throw new NotSupportedException(activation.ToString()),
    };

    private static float Steepness(Activation activation) => activation == Activation.Sigmoid ? 0.5f : 1f;

    [StructLayout(LayoutKind.Sequential)]
    private struct Connection
    {
        public uint From;
        public uint To;
        public float Weight;
    }

    [DllImport(Library)] private static extern IntPtr fann_create_standard_array(uint numLayers, uint* layers);
    [DllImport(Library)] private static extern void fann_destroy(IntPtr ann);
    [DllImport(Library)] private static extern float* fann_run(IntPtr ann, float* input);
    [DllImport(Library)] private static extern void fann_train(IntPtr ann, float* input, float* desiredOutput);
    [DllImport(Library)] private static extern void fann_set_activation_function_hidden(IntPtr ann, int function);
    [DllImport(Library)] private static extern void fann_set_activation_function_output(IntPtr ann, int function);
    [DllImport(Library)] private static extern void fann_set_activation_steepness_hidden(IntPtr ann, float steepness);
    [DllImport(Library)] private static extern void fann_set_activation_steepness_output(IntPtr ann, float steepness);
    [DllImport(Library)] private static extern void fann_set_training_algorithm(IntPtr ann, int algorithm);
    [DllImport(Library)] private static extern void fann_set_train_error_function(IntPtr ann, int function);
    [DllImport(Library)] private static extern void fann_set_learning_rate(IntPtr ann, float rate);
    [DllImport(Library)] private static extern void fann_set_learning_momentum(IntPtr ann, float momentum);
    [DllImport(Library)] private static extern uint fann_get_total_connections(IntPtr ann);
    [DllImport(Library)] private static extern void fann_get_connection_array(IntPtr ann, Connection* connections);
    [DllImport(Library)] private static extern void fann_set_weight_array(IntPtr ann, Connection* connections, uint count);
}
