using System;
using System.IO;
using System.Numerics;

namespace NetGen
{
    /// <summary>
    /// Saves and loads a network's parameters as safetensors, the format PyTorch and Hugging Face store state_dicts in:
    /// an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range, then the
    /// raw little-endian data. Tensors are named and shaped as an <c>nn.Sequential</c> of <c>nn.Linear</c> layers names
    /// them (weights [out, in], NetGen's own layout), so a file moves to and from PyTorch's <c>load_state_dict</c>
    /// unchanged. See <see cref="SafetensorsOptions"/> for other names.
    /// </summary>
    /// <example>
    /// <code>
    /// net.SaveSafetensors("model.safetensors");
    /// // Python: model.load_state_dict(safetensors.torch.load_file("model.safetensors"))
    /// net.LoadSafetensors("trained.safetensors", new SafetensorsOptions { Naming = SafetensorsNaming.ModuleOrder });
    /// </code>
    /// </example>
    public static class SafetensorsWeights
    {
        /// <summary>
        /// Writes the parameters of <paramref name="network"/> to <paramref name="path"/> as safetensors (F32 for a float
        /// network, F64 for a double one), atomically: a failure leaves the previous file, never a partial one.
        /// </summary>
        /// <param name="network">The network to save.</param>
        /// <param name="path">The file to create or replace.</param>
        /// <param name="options">Tensor names; <see cref="SafetensorsNaming.Sequential"/> without prefix when <c>null</c>.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="ArgumentException">The options ask for <see cref="SafetensorsNaming.ModuleOrder"/> or <see cref="SafetensorsNaming.FileOrder"/>, which only loading understands.</exception>
        /// <exception cref="IOException">The file cannot be written; the previous file is unchanged.</exception>
        public static void SaveSafetensors<T>(this INetwork<T> network, string path, SafetensorsOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            SaveSafetensors(network, path, options, WeightsFileSystem.Default);

        /// <summary>Writes the parameters of <paramref name="network"/> to <paramref name="destination"/> as safetensors.</summary>
        /// <inheritdoc cref="SaveSafetensors{T}(INetwork{T}, string, SafetensorsOptions?)"/>
        /// <param name="network">The network to save.</param>
        /// <param name="destination">A writable stream.</param>
        /// <param name="options">Tensor names; <see cref="SafetensorsNaming.Sequential"/> without prefix when <c>null</c>.</param>
        public static void SaveSafetensors<T>(this INetwork<T> network, Stream destination, SafetensorsOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(destination);
            destination.Write(SafetensorsFormat.Encode(network, options ?? new SafetensorsOptions()));
        }

        /// <summary>
        /// Replaces the parameters of <paramref name="network"/> with the tensors of the safetensors file at
        /// <paramref name="path"/>. Everything is checked first (header, dtypes, byte ranges, names, shapes); only then
        /// are the parameters replaced. F32 tensors load into a double network exactly; F64 tensors do not load into a
        /// float network.
        /// </summary>
        /// <param name="network">The network to load into.</param>
        /// <param name="path">The .safetensors file.</param>
        /// <param name="options">How tensors map to layers; the defaults when <c>null</c>.</param>
        /// <typeparam name="T">The network's floating-point type, <see cref="float"/> or <see cref="double"/>.</typeparam>
        /// <exception cref="WeightsFormatException">
        /// The file is not safetensors, is truncated, has a header larger than the file, byte ranges outside the data,
        /// overlapping or misaligned, a dtype other than F32/F64, or tensors that do not fit the network. The message
        /// names the file and the problem; the parameters are unchanged.
        /// </exception>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        public static void LoadSafetensors<T>(this INetwork<T> network, string path, SafetensorsOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentException.ThrowIfNullOrEmpty(path);
            using Stream stream = WeightsFileSystem.Default.OpenRead(path);
            SafetensorsFormat.Load(network, stream, path, options ?? new SafetensorsOptions());
        }

        /// <summary>Reads a safetensors file from <paramref name="source"/> to its end into the network, checking everything first.</summary>
        /// <inheritdoc cref="LoadSafetensors{T}(INetwork{T}, string, SafetensorsOptions?)"/>
        /// <param name="network">The network to load into.</param>
        /// <param name="source">A readable stream positioned at the start of the file.</param>
        /// <param name="sourceName">A name for the stream in error messages.</param>
        /// <param name="options">How tensors map to layers; the defaults when <c>null</c>.</param>
        public static void LoadSafetensors<T>(this INetwork<T> network, Stream source, string? sourceName = null, SafetensorsOptions? options = null)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentNullException.ThrowIfNull(source);
            SafetensorsFormat.Load(network, source, sourceName, options ?? new SafetensorsOptions());
        }

        internal static void SaveSafetensors<T>(INetwork<T> network, string path, SafetensorsOptions? options, WeightsFileSystem files)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            ArgumentNullException.ThrowIfNull(network);
            ArgumentException.ThrowIfNullOrEmpty(path);
            byte[] content = SafetensorsFormat.Encode(network, options ?? new SafetensorsOptions());
            files.WriteAtomically(path, content);
        }
    }
}
