using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using NetGen.Samples.SquareFit;
using NetGen.Training;

namespace NetGen.Tests.Samples;

/// <summary>Issue 4, sample 1: y = x² on [0, 1], 201 points, 1-64-1, MSE below 1e-5, two PNG plots.</summary>
public sealed class SquareFitSampleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netgen-squarefit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Run_IssueConfiguration_ReachesMseBelow1e5AndWritesBothPlots()
    {
        var output = new StringWriter();

        SquareFitResult result = SquareFitSample.Run(new SquareFitOptions { OutputDirectory = _directory }, output);

        Assert.True(result.MeanSquaredError < 1e-5, $"MSE {result.MeanSquaredError:E3} is not below 1e-5.");
        Assert.True(result.Succeeded);
        Assert.Equal(TrainingStopReason.Completed, result.Training.StopReason);
        Assert.Empty(result.Training.Warnings);
        Assert.True(result.MaxAbsoluteError < 0.01, $"largest error {result.MaxAbsoluteError:E3}");

        Assert.Equal(Path.Combine(_directory, "fit.png"), result.FitPlotPath);
        Assert.Equal(Path.Combine(_directory, "loss.png"), result.LossPlotPath);
        AssertPng(result.FitPlotPath!, 800, 500);
        AssertPng(result.LossPlotPath!, 800, 500);

        string text = output.ToString();
        Assert.Contains("Mean squared error on the 201 points", text);
        Assert.Contains("reached", text);
        Assert.Contains(result.FitPlotPath!, text);
        Assert.Contains(result.LossPlotPath!, text);
        Assert.Contains("epoch  200/1500", text);
    }

    [Fact]
    public void Run_NoPlots_WritesNoFiles()
    {
        SquareFitResult result = SquareFitSample.Run(new SquareFitOptions { OutputDirectory = _directory, WritePlots = false, ProgressInterval = 0 }, TextWriter.Null);

        Assert.Null(result.FitPlotPath);
        Assert.Null(result.LossPlotPath);
        Assert.False(Directory.Exists(_directory));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Data_TwoHundredOnePoints_SpanZeroToOneWithSquares()
    {
        (float[] xs, float[] ys) = SquareFitSample.Data();

        Assert.Equal(201, xs.Length);
        Assert.Equal(0f, xs[0]);
        Assert.Equal(1f, xs[^1]);
        Assert.Equal(0.25f, ys[100]);
        Assert.All(Enumerable.Range(0, 201), i => Assert.Equal(xs[i] * xs[i], ys[i]));
    }

    [Fact]
    public async System.Threading.Tasks.Task Program_OutOption_ExitsZeroAndSaysWhereThePlotsAre()
    {
        (int exitCode, string stdout, string stderr) = await SampleProcess.RunAsync("SquareFit", "--out", _directory);

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("Wrote the target and the fit to " + Path.Combine(_directory, "fit.png"), stdout);
        Assert.True(File.Exists(Path.Combine(_directory, "loss.png")));
    }

    [Fact]
    public async System.Threading.Tasks.Task Program_UnknownArgument_ExitsTwoWithUsage()
    {
        (int exitCode, _, string stderr) = await SampleProcess.RunAsync("SquareFit", "--bogus");

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown argument '--bogus'", stderr);
        Assert.Contains("Usage:", stderr);
    }

    private static void AssertPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} holds only {bytes.Length} bytes.");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }
}
