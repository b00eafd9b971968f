using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks;

/// <summary>
/// Runs the benchmarks (see benchmarks/README.md):
/// <c>dotnet run -c Release --project benchmarks/NetGen.Benchmarks -- --filter '*'</c>, or a subset with a filter such
/// as <c>'*PredictBenchmarks*'</c>. <c>--quick</c> takes 3 measurements per case instead of 10 (a smoke run, not for
/// the tables). After the run, <c>BenchmarkDotNet.Artifacts/results/side-by-side.md</c> holds one table per measure
/// with the methods side by side.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        bool quick = args.Contains("--quick");
        string[] rest = args.Where(a => a != "--quick").ToArray();

        // One process per case, 1 launch, 6 warm-up and 10 measured iterations (BenchmarkDotNet picks the
        // invocations per iteration so that one lasts about 250 ms; the pilot stage is unchanged).
        Job job = quick
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
