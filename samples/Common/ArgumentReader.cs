using System;
using System.Collections.Generic;

namespace NetGen.Samples
{
    /// <summary>
    /// Reads the few command-line options a sample takes: <c>--name value</c> pairs and <c>--flag</c> switches. Every
    /// argument must be consumed; <see cref="ThrowIfUnused"/> reports the first one that was not.
    /// </summary>
    internal sealed class ArgumentReader
    {
        private readonly List<string?> _args;

        public ArgumentReader(IReadOnlyList<string> args)
        {
            ArgumentNullException.ThrowIfNull(args);
            _args = new List<string?>(args);
        }

        /// <summary>Whether <c>--help</c> or <c>-h</c> was given.</summary>
        public bool HelpRequested => _args.Contains("--help") || _args.Contains("-h");

        /// <summary>Takes the value that follows <paramref name="name"/>, or returns <c>null</c> when the option is absent.</summary>
        /// <exception cref="ArgumentException">The option is the last argument, so it has no value.</exception>
        public string? Value(string name)
        {
            int i = _args.IndexOf(name);
            if (i < 0)
            {
                return null;
            }

            if (i + 1 >= _args.Count || _args[i + 1] is not { } value)
            {
                throw new ArgumentException($"The option {name} needs a value.");
            }

            _args[i] = null;
            _args[i + 1] = null;
            return value;
        }

        /// <summary>Takes the switch <paramref name="name"/>; returns whether it was given.</summary>
        public bool Flag(string name)
        {
            int i = _args.IndexOf(name);
            if (i < 0)
            {
                return false;
            }

            _args[i] = null;
            return true;
        }

        /// <summary>Throws when an argument was not taken by <see cref="Value"/> or <see cref="Flag"/>.</summary>
        public void ThrowIfUnused()
        {
            foreach (string? arg in _args)
            {
                if (arg is not null)
                {
                    throw new ArgumentException($"Unknown argument '{arg}'.");
                }
            }
        }
    }
}
