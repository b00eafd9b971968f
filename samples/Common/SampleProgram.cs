using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace NetGen.Samples
{
    /// <summary>What every sample's <c>Main</c> does: parse the options, run, and turn the result into an exit code.</summary>
    internal static class SampleProgram
    {
        /// <summary>The exit code of a run whose goal was met.</summary>
        public const int Success = 0;

        /// <summary>The exit code of a run that finished but did not meet its goal.</summary>
        public const int GoalMissed = 1;

        /// <summary>The exit code of a run that could not start (bad arguments, missing files).</summary>
        public const int UsageError = 2;

        /// <summary>Parses <paramref name="args"/>, runs the sample on the console and returns the process exit code.</summary>
        public static int Run<TOptions, TResult>(
            string[] args,
            string usage,
            Func<ArgumentReader, TOptions> parse,
            Func<TOptions, TextWriter, TResult> run,
            Func<TResult, bool> succeeded)
        {
            Console.OutputEncoding = Encoding.UTF8;
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var reader = new ArgumentReader(args);
            if (reader.HelpRequested)
            {
                Console.WriteLine(usage);
                return Success;
            }

            TOptions options;
            try
            {
                options = parse(reader);
                reader.ThrowIfUnused();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(usage);
                return UsageError;
            }

            try
            {
                return succeeded(run(options, Console.Out)) ? Success : GoalMissed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return UsageError;
            }
        }
    }
}
