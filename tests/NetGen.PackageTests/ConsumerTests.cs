using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen.PackageTests.Infrastructure;
using Xunit.Abstractions;

namespace NetGen.PackageTests;

/// <summary>A fresh project that references the NetGen and NetGen.Onnx packages, as a user would, for net8.0 and net10.0.</summary>
[Collection(PackagesCollection.Name)]
public sealed class ConsumerTests(Packages packages, ITestOutputHelper log)
{
    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Consumer_BuildAndRun_TrainsPredictsEmbedsAndExports(string targetFramework)
    {
        string consumer = CreateConsumer(targetFramework);

        // net8.0 builds self-contained, so that it runs on the .NET 8 runtime (from the NuGet runtime pack) and not on
        // whatever newer runtime the machine has; net10.0 runs framework-dependent, as most users' programs do.
        string[] runtime = targetFramework == "net8.0" ? ["-r", Packages.RuntimeIdentifier, "--self-contained"] : [];
        ProcessResult build = DotnetCli.Dotnet(log, consumer, ["build", "-c", "Release", "-p:NetGenVersion=" + packages.Version, .. runtime]);
        LogWarnings(build);
        Assert.True(build.ExitCode == 0, build.Output);
        AssertSeedOneWarning(consumer, build);

        string binary = Path.Combine(consumer, "bin", "Release", targetFramework);
        string program = Path.Combine(targetFramework == "net8.0" ? Path.Combine(binary, Packages.RuntimeIdentifier) : binary, "Consumer");
        string major = targetFramework == "net8.0" ? "8." : "10.";
        RunAndVerify(consumer, program, major);
    }

    [Fact]
    public void Consumer_NativeAot_PublishesWithoutWarningsAndRuns()
    {
        string consumer = CreateConsumer("net10.0");
        string output = Path.Combine(consumer, "aot");
        ProcessResult publish = DotnetCli.Dotnet(log, consumer, "publish", "-c", "Release", "-r", Packages.RuntimeIdentifier, "-p:PublishAot=true", "-p:NetGenVersion=" + packages.Version, "-o", output);
        LogWarnings(publish);
        Assert.True(publish.ExitCode == 0, publish.Output);

        // NG1001 is the declaration's own warning; the trimmer and the AOT compiler must have nothing to say.
        string[] others = publish.Diagnostics.Where(line => !line.Contains("warning NG1001", StringComparison.Ordinal)).ToArray();
        Assert.True(others.Length == 0, string.Join('\n', others));

        string program = Path.Combine(output, "Consumer");
        log.WriteLine($"native executable: {new FileInfo(program).Length:N0} bytes");
        RunAndVerify(consumer, program, "10.");
    }

    /// <summary>
    /// The consumer cross-built for linux-arm64 (self-contained, with the .NET 10 runtime pack for ARM64) and run under
    /// qemu-user (.ci/setup-native.sh installs it and the ARM64 C libraries): the generated code takes its 128-bit NEON
    /// path, and with DOTNET_EnableHWIntrinsic=0 its scalar path. Emulation runs the JIT; it is slow, not wrong.
    /// </summary>
    [Theory]
    [InlineData(null, "Vector128 accelerated")]
    [InlineData("DOTNET_EnableHWIntrinsic", "Vector128 not accelerated")]
    public void Consumer_LinuxArm64_RunsUnderEmulation(string? disabled, string expectedVectors)
    {
        string emulator = FindEmulator();
        string consumer = CreateConsumer("net10.0");
        string output = Path.Combine(consumer, "arm64");
        ProcessResult publish = DotnetCli.Dotnet(log, consumer, "publish", "-c", "Release", "-r", "linux-arm64", "--self-contained", "-p:NetGenVersion=" + packages.Version, "-o", output);
        LogWarnings(publish);
        Assert.True(publish.ExitCode == 0, publish.Output);

        string[] environment = disabled is null ? [] : ["-E", disabled + "=0"];
        ProcessResult run = DotnetCli.Run(log, emulator, consumer, [.. environment, Path.Combine(output, "Consumer"), consumer]);
        RunAndVerify(consumer, run, "10.");
        Assert.Contains(run.Lines, line => line.StartsWith("architecture Arm64", StringComparison.Ordinal) && line.Contains(expectedVectors, StringComparison.Ordinal));
    }

    private string CreateConsumer(string targetFramework)
    {
        string consumer = packages.CreateConsumer("Consumer", targetFramework);
        File.Copy(Path.Combine(packages.RepositoryRoot, "samples", "EmbeddedInference", "models", "digits.weights.txt"), Path.Combine(consumer, "digits.weights.txt"));
        log.WriteLine($"consumer {targetFramework} of NetGen {packages.Version} from {packages.Directory}");
        return consumer;
    }

    private void RunAndVerify(string consumer, string program, string runtimeMajor) =>
        RunAndVerify(consumer, DotnetCli.Run(log, program, consumer, consumer), runtimeMajor);

    private void RunAndVerify(string consumer, ProcessResult run, string runtimeMajor)
    {
        foreach (string line in run.Lines)
        {
            log.WriteLine("  " + line);
        }

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(run.Lines, line => line.StartsWith("runtime " + runtimeMajor, StringComparison.Ordinal));
        foreach (string check in new[] { "train-xor", "embedded-weights", "predict-batch", "transpose-double", "export-onnx" })
        {
            Assert.Contains(run.Lines, line => line.StartsWith($"check {check} ok", StringComparison.Ordinal));
        }

        // The exported model, run by ONNX Runtime, gives what the network itself predicted.
        float[] expected = File.ReadAllLines(Path.Combine(consumer, "xor-predictions.txt")).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        using var session = new InferenceSession(Path.Combine(consumer, "xor.onnx"));
        var input = new DenseTensor<float>(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, [4, 2]);
        string inputName = session.InputMetadata.Keys.Single();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)]);
        float[] actual = results.Single().AsEnumerable<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"ONNX Runtime gives {actual[i]} for sample {i}, the network {expected[i]}.");
        }

        log.WriteLine($"ONNX Runtime on xor.onnx matches the network's predictions: {string.Join(' ', actual.Select(v => v.ToString("0.0000", CultureInfo.InvariantCulture)))}");
    }

    /// <summary>NG1001 at the Activation.LeakyReLU argument of SeedOneNet's output layer, line and column as MSBuild prints them.</summary>
    private void AssertSeedOneWarning(string consumer, ProcessResult build)
    {
        string[] source = File.ReadAllLines(Path.Combine(consumer, "Networks.cs"));
        int line = Array.FindIndex(source, l => l.Contains("// NG1001 here", StringComparison.Ordinal));
        int column = source[line].IndexOf("Activation.LeakyReLU", StringComparison.Ordinal);
        string expected = $"Networks.cs({line + 1},{column + 1}): warning NG1001";
        Assert.True(build.Output.Contains(expected, StringComparison.Ordinal), $"No '{expected}' in the build output:\n{build.Output}");
        log.WriteLine($"found: {expected}");
    }

    private static string FindEmulator()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (string name in new[] { "qemu-aarch64-static", "qemu-aarch64" })
            {
                if (File.Exists(Path.Combine(directory, name)))
                {
                    return Path.Combine(directory, name);
                }
            }
        }

        throw new InvalidOperationException("qemu-aarch64 is not installed; .ci/setup-native.sh installs it (apt-get install qemu-user-static, and libc6:arm64).");
    }

    private void LogWarnings(ProcessResult result)
    {
        foreach (string warning in result.Diagnostics)
        {
            log.WriteLine("  " + warning);
        }
    }
}
