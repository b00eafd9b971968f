using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks;

/// <summary>
/// Runs the benchmarks (see benchmarks/README.md):
/// <c>dotnet run -c Release --project benchmarks/NetGen.Benchmarks -- --filter '*'</c>, or a subset with a filter such
/// as <c>'*Predict*'</c>. Pass <c>--quick</c> for one short measurement per case (a smoke run, not for the tables).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        bool quick = System.Array.IndexOf(args, "--quick") >= 0;
        string[] rest = System.Array.FindAll(args, a => a != "--quick");

        // One process per benchmark, 1 launch, 6 warm-up and 10 measured iterations: about 15 s per case. The
        // machine has 2 cores; the benchmarks themselves are single-threaded.
        Job job = quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Quick")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(6).WithIterationCount(10).WithId("Table");
        IConfig config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(BenchmarkDotNet.Columns.RatioStyle.Trend))
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
    }
}
