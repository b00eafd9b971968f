using System;
using System.Diagnostics;
using System.IO;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Meta;

/// <summary>
/// .ci/failed-tests.sh, which ends a red CI run with the failed tests: on logs in the form dotnet test writes, it prints
/// each failure with its message and the first lines of its stack trace under the pass it ran in, drops passing tests
/// and test output, and prints nothing for green logs.
/// </summary>
public sealed class CiFailedTestsTests : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "netgen-ci-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void FailedTests_SuiteAndIsaPassAndPackageLogs_PrintsEachFailureWithItsMessageUnderItsPass()
    {
        string suite = Write("suite.log", """
              Passed NetGen.Tests.A.Works [1 ms]
            [xUnit.net 00:02:03.64]     NetGen.Tests.Execution.ForwardBackwardTests.Gradients(name: "Vec_F_Tanh") [FAIL]
              Failed NetGen.Tests.Execution.ForwardBackwardTests.Gradients(name: "Vec_F_Tanh") [34 ms]
              Error Message:
               Vec_F_Tanh: dL/dθ[0] is 0.5, finite differences give 0.25.
              Stack Trace:
                 at NetGen.Tests.Execution.Adapter.FloatAdapter.Predict(Double[] input) in Adapter.cs:line 36
                 at Frame2()
                 at Frame3()
                 at Frame4()
                 at Frame5()
                 at Frame6()
                 at Frame7()
              Standard Output Messages:
               printed by the test
            Failed!  - Failed:     1, Passed:     1, Skipped:     0, Total:     2, Duration: 1 s - NetGen.Tests.dll (net10.0)
            == numeric tests with DOTNET_EnableAVX512F=0
            Passed!  - Failed:     0, Passed:  2756, Skipped:     0, Total:  2756, Duration: 3 m - NetGen.Tests.dll (net10.0)
            == numeric tests with DOTNET_EnableAVX2=0
              Failed NetGen.Tests.Execution.SgdStepTests.Step(name: "Wide_D") [2 ms]
              Error Message:
               parameter 3: 1.5, expected 1.25.
              Passed NetGen.Tests.Execution.SgdStepTests.Step(name: "Xsq_F") [1 ms]
            Failed!  - Failed:     1, Passed:  2755, Skipped:     0, Total:  2756, Duration: 4 m - NetGen.Tests.dll (net10.0)
            """);
        string packages = Write("packages.log", """
              Failed NetGen.PackageTests.ConsumerTests.Consumer_BuildAndRun(targetFramework: "net8.0") [12 s]
              Error Message:
               dotnet build exited 1.
              Stack Trace:
                 at NetGen.PackageTests.ConsumerTests.Consumer_BuildAndRun(String targetFramework)
            Total tests: 10
                 Passed: 9
                 Failed: 1
            """);

        Assert.Equal("""
              Failed NetGen.Tests.Execution.ForwardBackwardTests.Gradients(name: "Vec_F_Tanh") [34 ms]
              Error Message:
               Vec_F_Tanh: dL/dθ[0] is 0.5, finite differences give 0.25.
              Stack Trace:
                 at NetGen.Tests.Execution.Adapter.FloatAdapter.Predict(Double[] input) in Adapter.cs:line 36
                 at Frame2()
                 at Frame3()
                 at Frame4()
                 at Frame5()
                 at Frame6()
            == numeric tests with DOTNET_EnableAVX2=0
              Failed NetGen.Tests.Execution.SgdStepTests.Step(name: "Wide_D") [2 ms]
              Error Message:
               parameter 3: 1.5, expected 1.25.
              Failed NetGen.PackageTests.ConsumerTests.Consumer_BuildAndRun(targetFramework: "net8.0") [12 s]
              Error Message:
               dotnet build exited 1.
              Stack Trace:
                 at NetGen.PackageTests.ConsumerTests.Consumer_BuildAndRun(String targetFramework)

            """.ReplaceLineEndings("\n"), Run(suite, packages));
    }

    [Fact]
    public void FailedTests_GreenLogs_PrintsNothing()
    {
        string suite = Write("suite.log", """
              Passed NetGen.Tests.A.Works [1 ms]
            Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1, Duration: 1 s - NetGen.Tests.dll (net10.0)
            == numeric tests with DOTNET_EnableAVX2=0
            Passed!  - Failed:     0, Passed:  2756, Skipped:     0, Total:  2756, Duration: 4 m - NetGen.Tests.dll (net10.0)
            """);
        string packages = Write("packages.log", "Total tests: 10\n     Passed: 10\n     Failed: 0\n");

        Assert.Equal("", Run(suite, packages));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    private static string Run(params string[] logs)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, ".ci", "failed-tests.sh"));
        foreach (string log in logs)
        {
            start.ArgumentList.Add(log);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $".ci/failed-tests.sh exited {process.ExitCode}: {error}");
        return output;
    }
}
