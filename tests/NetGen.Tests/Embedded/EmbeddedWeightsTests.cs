extern alias gen;

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Embedded;

/// <summary>
/// [EmbeddedWeights]: weights saved by the runtime as text, read by the generator at build time, and baked into the
/// generated code. The embedded network must compute exactly what the runtime network with the same weights computes.
/// </summary>
public sealed class EmbeddedWeightsTests
{
    private delegate void SpanPredict<T>(ReadOnlySpan<T> input, Span<T> output);

    public static TheoryData<string> Networks => new() { nameof(EmbedSquareNet), nameof(EmbedDoubleNet), nameof(EmbedDigitsNet) };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Embedded_SameWeightsAsRuntimeNetwork_BitIdenticalParametersAndOutputs(string name)
    {
        switch (name)
        {
            case nameof(EmbedSquareNet):
                Check<float, EmbedSquareNet>(new EmbedSquareNet(), EmbedSquareNet.NetworkInfo, "Dense(16, NetGen.Activation.LeakyReLU, Alpha = 0.05f)] [NetGen.Dense(1)", "NetGen.Loss.MeanSquaredError", "");
                break;
            case nameof(EmbedDoubleNet):
                Check<double, EmbedDoubleNet>(new EmbedDoubleNet(), EmbedDoubleNet.NetworkInfo, "Dense(5, NetGen.Activation.Tanh)] [NetGen.Dense(3, NetGen.Activation.Softmax)", "NetGen.Loss.CrossEntropy", ", Precision = NetGen.Precision.Double");
                break;
            default:
                Check<float, EmbedDigitsNet>(new EmbedDigitsNet(), EmbedDigitsNet.NetworkInfo, "Dense(10, NetGen.Activation.ReLU)] [NetGen.Dense(10, NetGen.Activation.Softmax)", "NetGen.Loss.CrossEntropy", "");
                break;
        }
    }

    private static void Check<T, TNet>(TNet runtime, NetworkInfo info, string layers, string loss, string options)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TNet : INetwork<T>
    {
        // Weights that are not the default initialisation, saved as text, and loaded back at run time from that file.
        runtime.Initialize(2024);
        string text = SaveText(runtime);
        string path = Path.Combine(Path.GetTempPath(), $"netgen-embed-{Guid.NewGuid():N}.weights.txt");
        File.WriteAllText(path, text);
        TNet loaded = (TNet)Activator.CreateInstance(typeof(TNet))!;
        try
        {
            loaded.Load(path);
        }
        finally
        {
            File.Delete(path);
        }

        string source = $"""
            [NetGen.Network({loss}{options})]
            [NetGen.EmbeddedWeights("models/net.weights.txt")]
            [NetGen.Input({info.InputSize})] [NetGen.{layers}]
            public partial class Baked;
            """;
        Assembly assembly = GeneratorHarness.CompileAndLoad(new[] { source }, new[] { new InMemoryAdditionalText("/project/models/net.weights.txt", text) });
        Type baked = assembly.GetType("Baked")!;
        var instance = (INetwork<T>)Activator.CreateInstance(baked)!;
        var predict = (SpanPredict<T>)Delegate.CreateDelegate(typeof(SpanPredict<T>), baked.GetNestedType("Embedded")!.GetMethod("Predict")!);

        // A new instance starts with the embedded weights, bit for bit.
        Assert.True(instance.Parameters.SequenceEqual(loaded.Parameters));

        var random = new Random(5);
        var input = new T[info.InputSize];
        T[] expected = new T[info.OutputSize], fromInstance = new T[info.OutputSize], fromStatic = new T[info.OutputSize];
        for (int sample = 0; sample < 200; sample++)
        {
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = T.CreateChecked((random.NextDouble() * 2) - 1);
            }

            loaded.Predict(input, expected);
            instance.Predict(input, fromInstance);
            predict(input, fromStatic);
            Assert.Equal(expected, fromInstance);
            Assert.Equal(expected, fromStatic);
        }

        // The static Predict allocates nothing.
        Assert.Equal(0, Allocations.Measure(() => predict(input, fromStatic)));
    }

    [Fact]
    public void Crc32_RuntimeAndGeneratorCopies_MatchSystemIOHashing()
    {
        var random = new Random(9);
        foreach (int length in new[] { 0, 1, 2, 3, 4, 5, 7, 8, 9, 56, 1000, 4097 })
        {
            var data = new byte[length + 3];
            random.NextBytes(data);
            uint expected = System.IO.Hashing.Crc32.HashToUInt32(data.AsSpan(3));
            Assert.Equal(expected, global::NetGen.WeightsCrc32.Compute(data, 3, length));
            Assert.Equal(expected, gen::NetGen.WeightsCrc32.Compute(data, 3, length));
        }
    }

    internal static string SaveText<T>(INetwork<T> net)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        net.Save(stream, WeightsFormat.Text);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
