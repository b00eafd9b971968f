using System;
using System.IO;
using System.Linq;
using System.Threading;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Execution.Batch;

[Network(Loss.CrossEntropy)]
[Input(12)]
[Dense(48, Activation.Tanh)]
[Dense(5, Activation.Softmax)]
public partial class BatchConcurrentLoadNet;

/// <summary>
/// Load on one instance while other threads call PredictBatch, EvaluateLossBatch and EvaluateLoss on it: like Predict
/// (Weights/ConcurrentLoadTests), every output and every loss must be exactly what one of the two weight sets gives,
/// never a mix (the batched members' passes are guarded like Predict's: one that lost to a Load reruns under the writers' lock). 37 samples: a whole block of 32 and 5
/// samples one at a time in float.
/// </summary>
public sealed class BatchConcurrentLoadTests
{
    private const int Count = 37;

    [Fact]
    public void Load_WhileBatchPredictingAndEvaluating_EveryResultIsFromOneWeightSet()
    {
        var a = new BatchConcurrentLoadNet();
        a.Initialize(1);
        var b = new BatchConcurrentLoadNet();
        b.Initialize(2);
        byte[] fileA = Save(a), fileB = Save(b);

        var random = new Random(5);
        float[] inputs = Enumerable.Range(0, Count * 12).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        float[] targets = new float[Count * 5];
        for (int s = 0; s < Count; s++)
        {
            targets[(s * 5) + (s % 5)] = 1;
        }

        (float[] Outputs, float Loss, int Correct, float First) Expected(BatchConcurrentLoadNet net)
        {
            var outputs = new float[Count * 5];
            net.PredictBatch(inputs, outputs, Count);
            float loss = net.EvaluateLossBatch(inputs, targets, Count, out int correct);
            return (outputs, loss, correct, net.EvaluateLoss(inputs.AsSpan(0, 12), targets.AsSpan(0, 5)));
        }

        var fromA = Expected(a);
        var fromB = Expected(b);
        Assert.NotEqual(fromA.Loss, fromB.Loss);
        float blockA = a.EvaluateLossBatch(inputs.AsSpan(0, 32 * 12), targets.AsSpan(0, 32 * 5), 32, out _);
        float blockB = b.EvaluateLossBatch(inputs.AsSpan(0, 32 * 12), targets.AsSpan(0, 32 * 5), 32, out _);

        var shared = new BatchConcurrentLoadNet();
        shared.Load(new MemoryStream(fileA));
        long calls = 0, sawA = 0, sawB = 0;
        ConcurrentLoads.WhileLoading(
            load => shared.Load(new MemoryStream(load % 2 == 0 ? fileB : fileA)),
            (t, stop) =>
            {
                var outputs = new float[Count * 5];
                int round = t;
                while (!stop.IsCancellationRequested)
                {
                    bool isA, isB;
                    switch (round++ % 3)
                    {
                        case 0:
                            shared.PredictBatch(inputs, outputs, Count);
                            for (int s = 0; s < Count; s++)
                            {
                                // Each sample's output comes from one set (blocks may straddle a load, samples may not).
                                ReadOnlySpan<float> y = outputs.AsSpan(s * 5, 5);
                                Assert.True(y.SequenceEqual(fromA.Outputs.AsSpan(s * 5, 5)) || y.SequenceEqual(fromB.Outputs.AsSpan(s * 5, 5)),
                                    $"sample {s}: output [{string.Join(", ", y.ToArray())}] is neither weight set's");
                            }

                            isA = outputs.AsSpan(0, 5).SequenceEqual(fromA.Outputs.AsSpan(0, 5));
                            isB = !isA;
                            break;
                        case 1:
                            float first = shared.EvaluateLoss(inputs.AsSpan(0, 12), targets.AsSpan(0, 5));
                            isA = first == fromA.First;
                            isB = first == fromB.First;
                            Assert.True(isA || isB, $"EvaluateLoss {first:R} is neither {fromA.First:R} nor {fromB.First:R}");
                            break;
                        default:
                            // One whole block (32 floats): its loss is exactly one set's. A longer batch may straddle a
                            // load between its blocks, each block still from one set.
                            float loss = shared.EvaluateLossBatch(inputs.AsSpan(0, 32 * 12), targets.AsSpan(0, 32 * 5), 32, out _);
                            isA = loss == blockA;
                            isB = loss == blockB;
                            Assert.True(isA || isB, $"EvaluateLossBatch {loss:R} is neither {blockA:R} nor {blockB:R}");
                            break;
                    }

                    Interlocked.Increment(ref isA ? ref sawA : ref sawB);
                    Interlocked.Increment(ref calls);
                }
            });

        Assert.True(sawA > 0 && sawB > 0, $"A {sawA}, B {sawB}");
        Assert.True(((INetwork<float>)shared).ParameterGuard!.ExclusiveReads > 0, "no pass lost to a Load and reran under the writers' lock: the test did not exercise that path");
        Assert.True(calls > 300, calls.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static byte[] Save(BatchConcurrentLoadNet net)
    {
        using var stream = new MemoryStream();
        net.Save(stream);
        return stream.ToArray();
    }
}
