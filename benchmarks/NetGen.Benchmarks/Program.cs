using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace NetGen.Benchmarks;

/// <summary>
/// Runs the benchmarks (see benchmarks/README.md):
/// <c>dotnet run -c Release --project benchmarks/NetGen.Benchmarks -- --filter '*'</c>, or a subset with a filter such
/// as <c>'*PredictBenchmarks*'</c>. <c>--quick</c> takes 3 measurements per case instead of 10 (a smoke run, not for
/// the tables). After the run, <c>BenchmarkDotNet.Artifacts/results/side-by-side.md</c> holds one table per measure
/// with the methods side by side. <c>--export-reference DIR</c> writes the reference networks for the RTNeural
/// harness (benchmarks/rtneural) instead of benchmarking; <c>--probe</c> measures the machine's FMA peak and the
/// round trip between its two first CPUs (<see cref="MachineProbes"/>); <c>--round</c> and <c>--round-long</c> are the in-process jobs of the side-by-side scripts.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--export-reference")
        {
            ReferenceExport.Write(args[1]);
            return;
        }

        if (args.Length == 1 && args[0] == "--probe")
        {
            MachineProbes.Run();
            return;
        }

        bool quick = args.Contains("--quick");
        bool round = args.Contains("--round");
        bool roundLong = args.Contains("--round-long");
        string[] rest = args.Where(a => a is not ("--quick" or "--round" or "--round-long")).ToArray();

        // One process per case, 1 launch, 6 warm-up and 10 measured iterations (BenchmarkDotNet picks the
        // invocations per iteration so that one lasts about 250 ms; the pilot stage is unchanged).
        // --round: one round of the side-by-side scripts (benchmarks/rtneural/run.sh, benchmarks/pytorch/run.sh): in this
        // process, so that the caller's DOTNET_Enable* variables apply; many short iterations (2 ms, like the RTNeural
        // harness's timed batches), so that on a shared machine most of them run within one scheduler time slice and the
        // median is not the machine's load; 250 warm-up iterations so that the code is at tier 1 before measuring.
        // --round-long: the same in process for benchmarks whose operation is long (a trainer epoch), 2 warm-up and 7
        // measured iterations of BenchmarkDotNet's default length.
        Job job = roundLong
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(7).WithId("RoundLong")
            : round
            ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(250).WithIterationCount(250)
                .WithIterationTime(TimeInterval.FromMilliseconds(2)).WithId("Round")
            : quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Quick")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(10).WithId("Table");
        IConfig config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default);
        IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);

        string tables = SideBySide.Render(summaries);
        if (tables.Length > 0)
        {
            string file = Path.Combine("BenchmarkDotNet.Artifacts", "results", "side-by-side.md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, tables);
            System.Console.WriteLine();
            System.Console.WriteLine(tables);
        }
    }
}
