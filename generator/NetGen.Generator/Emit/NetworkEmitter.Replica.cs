using NetGen.Generator.Lowering;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    internal static partial class NetworkEmitter
    {
        /// <summary>
        /// <c>CreateReplica</c>: a second instance that shares the parameter array and its guard (so it always sees the
        /// current parameters, with no copy) but has its own gradients and scratch, for the trainer's data-parallel workers.
        /// </summary>
        private static void WriteReplica(SourceWriter w, KernelPlan plan)
        {
            string t = plan.Numeric.Name;
            string name = plan.Type.Name;
            if (plan.Type.Constructors == UserConstructors.Primary)
            {
                // Every constructor would have to call the user's primary one: no replica (the trainer then uses one thread).
                return;
            }

            if (plan.Type.Constructors == UserConstructors.None)
            {
                w.WriteLine($"""
                    /// <summary>Creates a network with the declared initial parameters (the constructor the compiler would have made).</summary>
                    {GeneratedCode}
                    public {name}()
                    {"{"}
                    {"}"}

                    """);
            }

            w.WriteLine($"""
                /// <summary>A network that shares this one's parameters but accumulates into its own gradients.</summary>
                {GeneratedCode}
                private {name}({name} __NetGen_source, global::NetGen.ParameterGuard __NetGen_sharedGuard)
                {"{"}
                    __NetGen_parameters = __NetGen_source.__NetGen_parameters;
                    __NetGen_guard = __NetGen_sharedGuard;
                {"}"}

                /// <summary>
                /// Creates a network that shares <see cref="Parameters"/> (and the lock that guards them) with this one but has its
                /// own <see cref="Gradients"/> and scratch, so that several threads can accumulate gradients at once.
                /// </summary>
                {GeneratedCode}
                {INetworkOf}<{t}> {INetworkOf}<{t}>.CreateReplica()
                {"{"}
                    // Read by the field initializer of __NetGen_parameters, which runs before the constructor's body.
                    __NetGen_sharedParameters = __NetGen_parameters;
                    try
                    {"{"}
                        return new {name}(this, __NetGen_guard);
                    {"}"}
                    finally
                    {"{"}
                        __NetGen_sharedParameters = null;
                    {"}"}
                {"}"}
                """);
        }
    }
}
