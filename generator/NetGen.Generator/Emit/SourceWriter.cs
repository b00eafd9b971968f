using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// Writes C# source with 4-space indentation and braces on their own lines. All generated text goes through it;
    /// indentation is a counter, never concatenated strings.
    /// </summary>
    internal sealed class SourceWriter
    {
        private const int IndentSize = 4;
        private readonly StringBuilder _builder = new();
        private int _indent;

        /// <summary>The ref locals declared in the method being written, so that each is declared once.</summary>
        public System.Collections.Generic.HashSet<string> DeclaredRefs { get; } = new();

        public int Indentation
        {
            get => _indent;
            set => _indent = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public void WriteLine(string text)
        {
            if (text.Length == 0)
            {
                _builder.Append('\n');
                return;
            }

            // Multi-line text (a fixed template) is indented line by line.
            foreach (string line in text.Split('\n'))
            {
                if (line.Length > 0)
                {
                    _builder.Append(' ', _indent * IndentSize);
                    _builder.Append(line.TrimEnd('\r'));
                }

                _builder.Append('\n');
            }
        }

        public void WriteLine() => _builder.Append('\n');

        public void OpenBlock(string header)
        {
            WriteLine(header);
            WriteLine("{");
            _indent++;
        }

        public void OpenBlock()
        {
            WriteLine("{");
            _indent++;
        }

        public void CloseBlock(string suffix = "")
        {
            _indent--;
            WriteLine("}" + suffix);
        }

        /// <summary>Appends what <paramref name="other"/> wrote, as it is (written at this writer's indentation).</summary>
        public void Append(SourceWriter other) => _builder.Append(other._builder);

        public SourceText ToSourceText() => SourceText.From(_builder.ToString(), Encoding.UTF8);

        public override string ToString() => _builder.ToString();
    }
}
