using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NetGen.Samples.Xor;

namespace NetGen.Tests.Samples;

/// <summary>
/// Issue 4, sample 3: XOR with the third seed's 3-4-1 sigmoid network, biases, SGD with momentum, 100 seeds, at least
/// 95 of which reach all four outputs within 0.1 of their targets.
/// </summary>
public class XorSampleTests
{
    [Fact]
    public void Run_HundredSeeds_AtLeastNinetyFiveLearnXor()
    {
        var output = new StringWriter();

        XorResult result = XorSample.Run(new XorOptions(), output);

        Assert.Equal(Enumerable.Range(1, 100), result.Runs.Select(r => r.Seed));
        Assert.True(result.ReachedCount >= 95, $"only {result.ReachedCount} of 100 runs learned XOR");
        Assert.True(result.Succeeded);
        float[] targets = XorSample.Targets.ToArray();
        foreach (XorRun run in result.Runs.Where(r => r.Reached))
        {
            Assert.Equal(4, run.Outputs.Count);
            Assert.All(Enumerable.Range(0, 4), i => Assert.True(Math.Abs(run.Outputs[i] - targets[i]) < 0.1));
        }

        Assert.Contains($"{result.ReachedCount} of 100 runs learned XOR", output.ToString());
    }

    [Fact]
    public void Run_Network_IsTheSeedsThreeFourOneSigmoidWithBiases()
    {
        Assert.Equal("3 → 4 Sigmoid → 1 Sigmoid", XorNet.NetworkInfo.Topology);
        Assert.All(XorNet.NetworkInfo.Layers, layer => Assert.True(layer.HasBias));
        Assert.Equal(new float[] { 1, 1, 1, 1 }, Enumerable.Range(0, 4).Select(i => XorSample.Inputs[(i * 3) + 2]));
    }

    [Fact]
    public void Run_Verbose_PrintsALinePerSeedAndTheFirstRunsProgress()
    {
        var output = new StringWriter();

        XorSample.Run(new XorOptions { Verbose = true }, output);

        string text = output.ToString();
        Assert.Contains("seed   1:", text);
        Assert.Contains("seed 100:", text);
        Assert.Contains("epoch  100/1000", text);
    }

    [Fact]
    public async Task Program_Default_ExitsZero()
    {
        (int exitCode, string stdout, string stderr) = await SampleProcess.RunAsync("Xor");

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("runs learned XOR", stdout);
    }
}
