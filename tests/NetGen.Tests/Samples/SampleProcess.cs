using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace NetGen.Tests.Samples;

/// <summary>Starts a sample's program (copied next to the tests by its project reference) the way a user would.</summary>
internal static class SampleProcess
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string sample, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; the test project should reference samples/{sample}.");
        // The SDK tells test hosts where its dotnet is; a plain "dotnet" on the PATH does otherwise.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Task exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(2))) != exited)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} {string.Join(' ', args)} did not finish within 2 minutes.");
        }

        return (process.ExitCode, await output, await error);
    }
}
