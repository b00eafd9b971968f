using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator.Model;
using NetGen.Generator.Weights;
using NetGen.Onnx.Import;

namespace NetGen.Generator.Import
{
    /// <summary>
    /// Reads an [ImportOnnx] model at build time with the shared <see cref="OnnxModelReader"/> (the very code that
    /// NetGen.Onnx's <c>LoadOnnx</c> runs). The compiler hands additional files over as text: the bytes are recovered by
    /// encoding the text back with the encoding it was decoded with, which is exact for the single-byte fallback the
    /// compiler uses for binary files and for valid UTF-8; a lossy decode is reported, never guessed at.
    /// </summary>
    internal static class OnnxFileReader
    {
        /// <summary>The suffix of the text form NetGen.targets writes for each .onnx additional file.</summary>
        public const string EncodedSuffix = ".netgen-base64";

        /// <summary>The first line of that text form.</summary>
        public const string EncodedMagic = "netgen-onnx-base64 1";

        /// <summary>Whether an additional file is the model the attribute names, as listed or in its text form.</summary>
        public static bool IsModelFor(string filePath, string attributePath) =>
            EmbeddedWeightsResolver.PathMatches(filePath, attributePath) ||
            EmbeddedWeightsResolver.PathMatches(filePath, attributePath + EncodedSuffix);

        public static OnnxFileSpec Read(string path, SourceText? text)
        {
            bool encoded = path.EndsWith(EncodedSuffix, StringComparison.OrdinalIgnoreCase);
            if (text is null)
            {
                return Unreadable(path, encoded
                    ? "the compiler cannot read its text form"
                    : "the compiler refuses it as an additional file (a binary file is not text); NetGen's build step (NetGen.targets, part of the NetGen package) hands .onnx files to the compiler as text, check that the project imports it");
            }

            byte[]? bytes = encoded ? Decode(text.ToString()) : Bytes(text);
            if (encoded && bytes is null)
            {
                return Unreadable(path, "its text form written by NetGen.targets is damaged; rebuild to rewrite it");
            }

            if (bytes is null)
            {
                return Unreadable(path, "the compiler decoded it as text and replaced bytes that are not valid in its encoding, so the model's bytes are lost");
            }

            return FromResult(path, OnnxModelReader.Read(bytes));
        }

        public static OnnxFileSpec FromResult(string path, OnnxImportResult result)
        {
            if (!result.Succeeded)
            {
                return new OnnxFileSpec(path, null, result.Problem, result.Describe(), false, 0, default, default);
            }

            var layers = new OnnxLayerSpec[result.Layers.Length];
            var values = new List<ulong>();
            for (int i = 0; i < layers.Length; i++)
            {
                OnnxImportedLayer layer = result.Layers[i];
                layers[i] = new OnnxLayerSpec(layer.Units, layer.Activation, layer.HasBias, layer.Alpha);
                foreach (double w in layer.Weights)
                {
                    values.Add((ulong)BitConverter.DoubleToInt64Bits(w));
                }

                foreach (double b in layer.Biases ?? Array.Empty<double>())
                {
                    values.Add((ulong)BitConverter.DoubleToInt64Bits(b));
                }
            }

            return new OnnxFileSpec(
                path, null, OnnxImportProblem.None, string.Empty, result.IsDouble, result.InputSize,
                new EquatableArray<OnnxLayerSpec>(layers), new EquatableArray<ulong>(values.ToArray()));
        }

        /// <summary>The bytes of the text form: the magic line, then base64.</summary>
        private static byte[]? Decode(string text)
        {
            string body = text.TrimStart('\uFEFF');
            if (!body.StartsWith(EncodedMagic, StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                return Convert.FromBase64String(body.Substring(EncodedMagic.Length).Trim());
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>The file's bytes, or null when the decode the compiler made cannot be undone.</summary>
        private static byte[]? Bytes(SourceText text)
        {
            string content = text.ToString();
            Encoding encoding = text.Encoding ?? Encoding.UTF8;
            if (encoding.CodePage == Encoding.UTF8.CodePage && content.IndexOf('\uFFFD') >= 0)
            {
                return null;
            }

            try
            {
                var strict = (Encoding)encoding.Clone();
                strict.EncoderFallback = EncoderFallback.ExceptionFallback;
                return strict.GetBytes(content);
            }
            catch (EncoderFallbackException)
            {
                return null;
            }
        }

        private static OnnxFileSpec Unreadable(string path, string reason) =>
            new(path, reason, OnnxImportProblem.None, string.Empty, false, 0, default, default);
    }
}
