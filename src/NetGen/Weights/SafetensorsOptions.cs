namespace NetGen
{
    /// <summary>How tensors in a safetensors file are matched to a network's layers.</summary>
    public enum SafetensorsNaming
    {
        /// <summary>
        /// The names PyTorch gives the state_dict of an <c>nn.Sequential</c> of <c>nn.Linear</c> layers, each followed by
        /// its activation module when it has one: <c>0.weight</c> [out, in], <c>0.bias</c>, <c>2.weight</c>, … (a layer
        /// with Identity activation takes one module index, any other two). What <c>SaveSafetensors</c> writes.
        /// </summary>
        Sequential = 0,

        /// <summary>
        /// Any <c>&lt;N&gt;.weight</c> and <c>&lt;N&gt;.bias</c> (N an integer module index), taken in increasing N: for
        /// Sequentials with other modules between the Linear layers (<c>nn.Dropout</c>, <c>nn.Flatten</c>, two
        /// activations), whose indices <see cref="Sequential"/> cannot predict.
        /// </summary>
        ModuleOrder = 1,

        /// <summary>
        /// The tensors in the order their data lies in the file, names ignored: each layer's weight, then its bias when
        /// it has one. For files written by other tools with other names; shapes are still checked.
        /// </summary>
        FileOrder = 2,
    }

    /// <summary>Options of <c>SaveSafetensors</c> and <c>LoadSafetensors</c>.</summary>
    public sealed class SafetensorsOptions
    {
        /// <summary>
        /// A prefix of every tensor name, such as <c>"model."</c> for a Sequential stored as the attribute <c>model</c> of a
        /// module, or <c>"net.layers."</c>. Empty by default. When loading, tensors whose names do not start with it are
        /// ignored; every tensor that does must be used.
        /// </summary>
        public string Prefix { get; set; } = string.Empty;

        /// <summary>How tensor names map to layers; <see cref="SafetensorsNaming.Sequential"/> by default.</summary>
        public SafetensorsNaming Naming { get; set; } = SafetensorsNaming.Sequential;
    }
}
