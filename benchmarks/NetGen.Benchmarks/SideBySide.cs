using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks;

/// <summary>
/// Turns BenchmarkDotNet's results into the README's form: one table per measure (benchmark class and category), one
/// row per network (and batch size), one column group per method with its mean time, bytes allocated per operation
/// and ratio to the NetGen baseline of the same row.
/// </summary>
internal static class SideBySide
{
    public static string Render(IEnumerable<Summary> summaries)
    {
        var cells = new List<Cell>();
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports)
            {
                if (report.ResultStatistics is null)
                {
                    continue;
                }

                BenchmarkCase c = report.BenchmarkCase;
                string measure = c.Descriptor.Type.Name.Replace("Benchmarks", string.Empty, StringComparison.Ordinal);
                string category = c.Descriptor.Categories.FirstOrDefault() ?? string.Empty;
                if (category.Length > 0)
                {
                    measure += " " + category;
                }

                string row = string.Join(", ", c.Parameters.Items.Select(p => p.Name == "Net" ? p.Value?.ToString() : $"{p.Name} {p.Value}"));
                long bytes = report.GcStats.GetBytesAllocatedPerOperation(c) ?? -1;
                cells.Add(new Cell(measure, row, c.Descriptor.WorkloadMethod.Name, c.Descriptor.Baseline, report.ResultStatistics.Mean, bytes));
            }
        }

        var sb = new StringBuilder();
        foreach (IGrouping<string, Cell> table in cells.GroupBy(c => c.Measure))
        {
            string[] methods = table.OrderByDescending(c => c.Baseline).Select(c => c.Method).Distinct().ToArray();
            sb.Append(CultureInfo.InvariantCulture, $"### {table.Key}\n\n| net |");
            foreach (string m in methods)
            {
                sb.Append(CultureInfo.InvariantCulture, $" {m} ns | bytes | ratio |");
            }

            sb.Append("\n| --- |").Append(string.Concat(Enumerable.Repeat(" ---: | ---: | ---: |", methods.Length))).Append('\n');
            foreach (IGrouping<string, Cell> row in table.GroupBy(c => c.Row))
            {
                Cell? baseline = row.FirstOrDefault(c => c.Baseline);
                sb.Append(CultureInfo.InvariantCulture, $"| {row.Key} |");
                foreach (string m in methods)
                {
                    Cell? cell = row.FirstOrDefault(c => c.Method == m);
                    if (cell is null)
                    {
                        sb.Append(" – | – | – |");
                        continue;
                    }

                    string ratio = baseline is null ? "–" : (cell.Nanoseconds / baseline.Nanoseconds).ToString("0.00", CultureInfo.InvariantCulture);
                    string bytes = cell.Bytes < 0 ? "?" : cell.Bytes.ToString("N0", CultureInfo.InvariantCulture);
                    sb.Append(CultureInfo.InvariantCulture, $" {Format(cell.Nanoseconds)} | {bytes} | {ratio} |");
                }

                sb.Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Format(double ns) =>
        ns >= 100 ? ns.ToString("N0", CultureInfo.InvariantCulture) : ns.ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record Cell(string Measure, string Row, string Method, bool Baseline, double Nanoseconds, long Bytes);
}
