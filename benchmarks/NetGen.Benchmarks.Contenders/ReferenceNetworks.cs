using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Benchmarks.Contenders;

// The six reference networks of issue 7, declared with NetGen.

/// <summary>xsq: y = x², 1 → 64 LeakyReLU → 1.</summary>
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.LeakyReLU)]
[Dense(1)]
public sealed partial class XsqNet;

/// <summary>sincos: 7 → 10 LeakyReLU → 2.</summary>
[Network(Loss.MeanSquaredError)]
[Input(7)]
[Dense(10, Activation.LeakyReLU)]
[Dense(2)]
public sealed partial class SincosNet;

/// <summary>xor (three inputs): 3 → 4 Sigmoid → 1 Sigmoid, trained with MSE as FANN trains it.</summary>
[Network(Loss.MeanSquaredError)]
[Input(3)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public sealed partial class XorNet;

/// <summary>digits (optdigits, 8×8 images): 64 → 10 ReLU → 10 Softmax.</summary>
[Network(Loss.CrossEntropy)]
[Input(64)]
[Dense(10, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public sealed partial class DigitsNet;

/// <summary>mnist: 784 → 128 ReLU → 64 ReLU → 10 Softmax.</summary>
[Network(Loss.CrossEntropy)]
[Input(784)]
[Dense(128, Activation.ReLU)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public sealed partial class MnistNet;

/// <summary>wide: 256 → 256 Tanh → 256 Tanh → 16.</summary>
[Network(Loss.MeanSquaredError)]
[Input(256)]
[Dense(256, Activation.Tanh)]
[Dense(256, Activation.Tanh)]
[Dense(16)]
public sealed partial class WideNet;

// FANN 2.2 has neither ReLU nor softmax: the variants it can run, declared the same way.

/// <summary>xsq for FANN: 1 → 64 Tanh → 1.</summary>
[Network(Loss.MeanSquaredError)]
[Input(1)]
[Dense(64, Activation.Tanh)]
[Dense(1)]
public sealed partial class XsqTanhNet;

/// <summary>digits for FANN: 64 → 10 Tanh → 10 Sigmoid, trained with MSE.</summary>
[Network(Loss.MeanSquaredError)]
[Input(64)]
[Dense(10, Activation.Tanh)]
[Dense(10, Activation.Sigmoid)]
public sealed partial class DigitsSigmoidNet;

/// <summary>The reference networks by name, each created with the same seed so that every contender gets the same weights.</summary>
public static class ReferenceNetworks
{
    /// <summary>The seed every benchmark initialises its NetGen network with.</summary>
    public const int Seed = 42;

    private static readonly Dictionary<string, Func<INetwork<float>>> Factories = new(StringComparer.Ordinal)
    {
        ["xsq"] = () => new XsqNet(),
        ["sincos"] = () => new SincosNet(),
        ["xor"] = () => new XorNet(),
        ["digits"] = () => new DigitsNet(),
        ["mnist"] = () => new MnistNet(),
        ["wide"] = () => new WideNet(),
        ["xsq-tanh"] = () => new XsqTanhNet(),
        ["digits-sigmoid"] = () => new DigitsSigmoidNet(),
    };

    /// <summary>The six networks of the issue's table.</summary>
    public static IReadOnlyList<string> Main { get; } = new[] { "xsq", "sincos", "xor", "digits", "mnist", "wide" };

    /// <summary>The networks FANN can run (no ReLU, no softmax).</summary>
    public static IReadOnlyList<string> FannCompatible { get; } = new[] { "xor", "xsq-tanh", "digits-sigmoid" };

    /// <summary>Every network name.</summary>
    public static IReadOnlyList<string> All { get; } = Factories.Keys.ToArray();

    /// <summary>A fresh network, initialised with <see cref="Seed"/>.</summary>
    public static INetwork<float> Create(string name)
    {
        if (!Factories.TryGetValue(name, out Func<INetwork<float>>? factory))
        {
            throw new ArgumentException($"No reference network '{name}'; known: {string.Join(", ", Factories.Keys)}.", nameof(name));
        }

        INetwork<float> net = factory();
        net.Initialize(Seed);
        return net;
    }
}
