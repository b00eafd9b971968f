using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks.Unroll;

/// <summary>Runs the unroll study: <c>dotnet run -c Release --project benchmarks/NetGen.Benchmarks.Unroll</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args);
}
