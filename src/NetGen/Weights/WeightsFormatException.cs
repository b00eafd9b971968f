using System;
using System.IO;

namespace NetGen
{
    /// <summary>
    /// Thrown when a weights file cannot be loaded into a network: the message names the file and the problem. The
    /// network's parameters are unchanged when this is thrown.
    /// </summary>
    public sealed class WeightsFormatException : IOException
    {
        /// <summary>Creates an exception for a rejected weights file.</summary>
        /// <param name="message">The full message, naming the file and the problem.</param>
        /// <param name="path">The file's path, or the name given for a stream; <see langword="null"/> for an unnamed stream.</param>
        /// <param name="problem">What is wrong.</param>
        public WeightsFormatException(string message, string? path, WeightsProblem problem)
            : base(message)
        {
            Path = path;
            Problem = problem;
        }

        /// <summary>The rejected file's path, or the name given for a stream; <see langword="null"/> for an unnamed stream.</summary>
        public string? Path { get; }

        /// <summary>What is wrong with the file.</summary>
        public WeightsProblem Problem { get; }
    }
}
