using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using NetGen.Onnx;

namespace NetGen.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime (CPU) and compares it with the network's own Predict.</summary>
internal static class OnnxTestSupport
{
    /// <summary>Relative tolerance; outputs below 0.1 in size are compared at 0.1 (as in the execution tests), since
    /// ONNX Runtime sums in another order and a sum that cancels to nearly nothing has an absolute rounding error.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Runs <paramref name="model"/> on <paramref name="batch"/> rows at once; returns the [batch, outputs] result.</summary>
    public static T[] Run<T>(byte[] model, T[] inputs, int batch, int inputSize)
        where T : unmanaged
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(inputs, new long[] { batch, inputSize });
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, new[] { "input" }, new[] { input }, new[] { "output" });
        return outputs[0].GetTensorDataAsSpan<T>().ToArray();
    }

    /// <summary>Exports <paramref name="net"/>, runs a batch of random inputs through ONNX Runtime and through Predict, and compares.</summary>
    public static void AssertMatchesPredict<T>(INetwork<T> net, int seed, int batch = 5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] model = OnnxExport.ToBytes(net);
        var random = new Random(seed);
        var inputs = new T[batch * net.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = T.CreateTruncating((random.NextDouble() * 4) - 2);
        }

        T[] actual = Run(model, inputs, batch, net.InputSize);
        Assert.Equal(batch * net.OutputSize, actual.Length);
        var expected = new T[net.OutputSize];
        var problems = new List<string>();
        for (int row = 0; row < batch; row++)
        {
            net.Predict(inputs.AsSpan(row * net.InputSize, net.InputSize), expected);
            for (int k = 0; k < net.OutputSize; k++)
            {
                double e = double.CreateTruncating(expected[k]);
                double a = double.CreateTruncating(actual[(row * net.OutputSize) + k]);
                double error = Math.Abs(a - e) / Math.Max(Math.Abs(e), 0.1);
                if (!(error <= Tolerance))
                {
                    problems.Add($"row {row}, output {k}: ONNX Runtime {a:R}, Predict {e:R} (relative error {error:E2})");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{net.Info}:\n" + string.Join("\n", problems.Take(10)));
    }
}
