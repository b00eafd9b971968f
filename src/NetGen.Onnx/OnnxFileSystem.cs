using System;
using System.IO;

namespace NetGen.Onnx
{
    /// <summary>
    /// Writes a model file atomically (<see cref="AtomicFileSystem"/>), with the checks and messages of the ONNX export.
    /// The file operations are virtual so that tests can make any of them fail and check that no partial file is left.
    /// </summary>
    internal class OnnxFileSystem : AtomicFileSystem
    {
        public static readonly OnnxFileSystem Default = new();

        /// <summary>
        /// Writes <paramref name="content"/> to <paramref name="path"/> through a temporary file in the same directory,
        /// flushed and renamed over the target. On failure the temporary file is removed, the target is left as it
        /// was, and the exception names the path and what to check.
        /// </summary>
        public void WriteAtomically(string path, byte[] content)
        {
            string target;
            try
            {
                target = Path.GetFullPath(path);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new ArgumentException($"'{path}' is not a usable file path: {e.Message}", nameof(path), e);
            }

            string? directory = Path.GetDirectoryName(target);
            if (directory is null || Path.GetFileName(target).Length == 0)
            {
                throw new ArgumentException($"'{path}' names a directory, not a file; give a file name such as model.onnx.", nameof(path));
            }

            if (Directory.Exists(target))
            {
                throw new IOException($"Cannot write the ONNX model to '{path}': a directory of that name exists.");
            }

            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"Cannot write the ONNX model to '{path}': the directory '{directory}' does not exist.");
            }

            try
            {
                WriteThroughTemporaryFile(target, directory, content);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(
                    $"Cannot write the ONNX model to '{path}': no permission to create or replace files in '{directory}'. {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new IOException($"Cannot write the ONNX model to '{path}': {e.Message} No partial file was left.", e);
            }
        }
    }
}
