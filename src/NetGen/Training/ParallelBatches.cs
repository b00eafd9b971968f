using System;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// The trainer's batches shared by several threads (<see cref="TrainerOptions.MaxDegreeOfParallelism"/>): a batch is
    /// cut into contiguous chunks whose bounds depend only on its size and the degree, and each worker gathers its own
    /// chunk's samples and runs it: worker 0 (the calling thread) on the network itself, worker k on replica k (same
    /// parameter array, own gradient buffer). A gradient step then adds the replicas' gradients into the network's in
    /// the order 1, 2, … (each thread adds a fixed slice of the parameters) and the optimizer steps each slice on the
    /// thread that added it, in the same pass unless gradient clipping needs the norm first; an evaluation adds the chunks' losses and counts in
    /// worker order. So a run depends only on its seed and its degree.
    /// The worker threads and every buffer are made once per run: a step allocates nothing.
    /// </summary>
    internal sealed class ParallelBatches<T> : IDisposable
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>
        /// A chunk has at least this many samples and starts at a multiple of it: the generated batch code runs blocks of
        /// 32 float (16 double) samples, and a chunk that ends inside a block pays for the whole block. Smaller batches use
        /// fewer workers (one below twice this).
        /// </summary>
        public const int MinSamplesPerWorker = 32;

        /// <summary>Below this many parameters the calling thread adds the gradients alone (a hand-off costs more).</summary>
        private const int MinParametersToShareReduction = 1 << 14;

        /// <summary>Reduction slices start at multiples of this many elements (whole vectors, whole cache lines).</summary>
        private const int SliceAlignment = 64;

        private enum Phase
        {
            Accumulating,
            Evaluating,
            Reducing,
            Stepping,
            Exiting,
        }

        private readonly INetwork<T> _net;
        private readonly INetwork<T>[] _workers;
        private readonly Thread[] _threads;
        private readonly SpinSignal[] _start;
        private readonly SpinSignal[] _finished;
        private readonly T[] _losses;
        private readonly int[] _correct;
        private readonly T[] _squares;
        private readonly bool[] _finite;
        private readonly ExceptionDispatchInfo?[] _errors;
        private readonly T[] _inputs;
        private readonly T[] _targets;
        private readonly int _inputSize;
        private readonly int _outputSize;
        private readonly bool _countCorrect;

        // The job of the current hand-off, written by the calling thread before it releases the workers.
        private Phase _phase;
        private Dataset<T>? _data;
        private int[] _indices = Array.Empty<int>();
        private int _first;
        private int _count;
        private int _chunks;
        private int _slices = 1;
        private OptimizerState<T>? _optimizer;
        private T _gradientScale;
        private double _learningRate;
        private T[] _previous = Array.Empty<T>();
        private bool _reduced;

        private ParallelBatches(INetwork<T> net, INetwork<T>[] workers, T[] inputs, T[] targets)
        {
            _net = net;
            _workers = workers;
            _inputs = inputs;
            _targets = targets;
            _inputSize = net.InputSize;
            _outputSize = net.OutputSize;
            _countCorrect = net.Info.IsClassifier;
            int degree = workers.Length;
            _losses = new T[degree];
            _correct = new int[degree];
            _squares = new T[degree];
            _finite = new bool[degree];
            _errors = new ExceptionDispatchInfo?[degree];
            _start = new SpinSignal[degree];
            _threads = new Thread[degree];
            _finished = new SpinSignal[degree];
            for (int k = 1; k < degree; k++)
            {
                _start[k] = new SpinSignal();
                _finished[k] = new SpinSignal();
                int worker = k;
                _threads[k] = new Thread(() => WorkerLoop(worker))
                {
                    IsBackground = true,
                    Name = "NetGen trainer worker " + worker.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                _threads[k].Start();
            }
        }

        /// <summary>
        /// The workers for <paramref name="degree"/> threads over the gather arrays, or <see langword="null"/> when one
        /// thread it is: a degree of 1, gather arrays too small to share, or a network without <see cref="INetwork{T}.CreateReplica"/>.
        /// </summary>
        public static ParallelBatches<T>? Create(INetwork<T> net, int degree, T[] inputs, T[] targets)
        {
            degree = Math.Min(degree, Math.Max(1, inputs.Length / net.InputSize / MinSamplesPerWorker));
            if (degree <= 1)
            {
                return null;
            }

            var workers = new INetwork<T>[degree];
            workers[0] = net;
            for (int k = 1; k < degree; k++)
            {
                INetwork<T>? replica = net.CreateReplica();
                if (replica is null)
                {
                    return null;
                }

                replica.ZeroGradients();
                workers[k] = replica;
            }

            return new ParallelBatches<T>(net, workers, inputs, targets);
        }

        /// <summary>
        /// Gathers the samples <paramref name="indices"/>[<paramref name="first"/> ..] of <paramref name="data"/>, adds
        /// the gradient of the first <paramref name="count"/> to the workers' (zeroed) gradients and returns the sum of
        /// their losses (the chunks' sums added in worker order), like <see cref="INetwork{T}.AccumulateGradientsBatch(ReadOnlySpan{T}, ReadOnlySpan{T}, int)"/>,
        /// and, for classifiers, the correct classifications. The network's gradients hold the total only after
        /// <see cref="Reduce"/> or <see cref="Step"/>.
        /// </summary>
        public (T Loss, int Correct) AccumulateGradients(Dataset<T> data, int[] indices, int first, int count)
        {
            Run(Phase.Accumulating, data, indices, first, count);

            // Every parameter gets the same additions in the same order whoever adds them, so the slicing changes nothing.
            _slices = _chunks > 1 && _net.ParameterCount >= MinParametersToShareReduction ? _chunks : 1;
            _reduced = false;
            return ChunkTotals();
        }

        /// <summary>
        /// Adds the replicas' gradients into the network's (in worker order, each thread over its slice) and returns the
        /// sum of the squares of the total: for gradient clipping, which needs the norm before the step.
        /// </summary>
        public T Reduce()
        {
            Release(Phase.Reducing, _slices);
            _reduced = true;
            return SliceSquares();
        }

        /// <summary>
        /// The optimizer's step after <see cref="AccumulateGradients"/>: each thread adds the replicas' gradients over its
        /// slice (unless <see cref="Reduce"/> did) and steps that slice at once, keeping the slice's parameters in
        /// <paramref name="previous"/> and clearing its gradients, like <see cref="OptimizerState{T}.TrainerStep"/>;
        /// <paramref name="squares"/> is the sum of the squares of the total gradient. Returns whether every parameter is
        /// finite.
        /// </summary>
        public bool Step(OptimizerState<T> optimizer, T gradientScale, double learningRate, T[] previous, out T squares)
        {
            _optimizer = optimizer;
            _gradientScale = gradientScale;
            _learningRate = learningRate;
            _previous = previous;
            optimizer.BeginStep();
            Release(Phase.Stepping, _slices);

            bool finite = _finite[0];
            for (int k = 1; k < _slices; k++)
            {
                finite &= _finite[k];
            }

            squares = SliceSquares();
            _optimizer = null;
            _previous = Array.Empty<T>();
            return finite;
        }

        private T SliceSquares()
        {
            T squares = _squares[0];
            for (int k = 1; k < _slices; k++)
            {
                squares += _squares[k];
            }

            return squares;
        }

        /// <summary>
        /// The summed loss and the correct count (<see cref="INetwork{T}.EvaluateLossBatch"/>) of the samples
        /// <paramref name="indices"/>[<paramref name="first"/> .. + <paramref name="count"/>], at most as many as the
        /// gather arrays hold, the chunks' results added in worker order.
        /// </summary>
        public (T Loss, int Correct) Evaluate(Dataset<T> data, int[] indices, int first, int count)
        {
            Run(Phase.Evaluating, data, indices, first, count);
            return ChunkTotals();
        }

        /// <summary>The chunks' losses and correct counts, added in worker order.</summary>
        private (T Loss, int Correct) ChunkTotals()
        {
            T loss = _losses[0];
            int correct = _correct[0];
            for (int k = 1; k < _chunks; k++)
            {
                loss += _losses[k];
                correct += _correct[k];
            }

            return (loss, correct);
        }

        private void Run(Phase phase, Dataset<T> data, int[] indices, int first, int count)
        {
            _data = data;
            _indices = indices;
            _first = first;
            _count = count;
            _chunks = Math.Min(_workers.Length, Math.Max(1, count / MinSamplesPerWorker));
            Release(phase, _chunks);
        }

        /// <summary>Runs <paramref name="phase"/> on the first <paramref name="threads"/> workers, this thread being worker 0.</summary>
        private void Release(Phase phase, int threads)
        {
            _phase = phase;
            for (int k = 1; k < threads; k++)
            {
                _start[k].Set();
            }

            Exception? own = null;
            try
            {
                Work(0);
            }
            catch (Exception e)
            {
                own = e;
            }

            // One signal per worker (a CountdownEvent's first blocking wait allocates its lock object, mid-training).
            for (int k = 1; k < threads; k++)
            {
                _finished[k].Wait();
            }

            if (own is not null)
            {
                ExceptionDispatchInfo.Capture(own).Throw();
            }

            for (int k = 1; k < threads; k++)
            {
                if (_errors[k] is { } error)
                {
                    _errors[k] = null;
                    error.Throw();
                }
            }
        }

        private void WorkerLoop(int worker)
        {
            while (true)
            {
                _start[worker].Wait();
                if (_phase == Phase.Exiting)
                {
                    return;
                }

                try
                {
                    Work(worker);
                }
                catch (Exception e)
                {
                    _errors[worker] = ExceptionDispatchInfo.Capture(e);
                }

                _finished[worker].Set();
            }
        }

        private void Work(int worker)
        {
            if (_phase == Phase.Reducing)
            {
                ReduceSlice(worker);
                return;
            }

            if (_phase == Phase.Stepping)
            {
                StepSlice(worker);
                return;
            }

            int start = ChunkStart(worker);
            int n = ChunkStart(worker + 1) - start;
            Span<T> inputs = _inputs.AsSpan(start * _inputSize, n * _inputSize);
            Span<T> targets = _targets.AsSpan(start * _outputSize, n * _outputSize);
            _data!.Gather(_indices.AsSpan(_first + start, n), inputs, targets);
            if (_phase == Phase.Accumulating)
            {
                _correct[worker] = 0;
                _losses[worker] = _countCorrect
                    ? _workers[worker].AccumulateGradientsBatch(inputs, targets, n, out _correct[worker])
                    : _workers[worker].AccumulateGradientsBatch(inputs, targets, n);
            }
            else
            {
                _losses[worker] = _workers[worker].EvaluateLossBatch(inputs, targets, n, out _correct[worker]);
            }
        }

        /// <summary>The first sample of <paramref name="worker"/>'s chunk: an even share rounded down to whole blocks.</summary>
        private int ChunkStart(int worker) =>
            worker >= _chunks ? _count : (int)((long)_count * worker / _chunks) / MinSamplesPerWorker * MinSamplesPerWorker;

        /// <summary>
        /// Adds replicas 1, 2, … into the network's gradients over this thread's slice, clears them there, and sums the
        /// squares of the slice's result.
        /// </summary>
        private void ReduceSlice(int slice)
        {
            Span<T> total = AddReplicas(slice);
            _squares[slice] = VectorOps.SumOfSquares<T>(total);
        }

        /// <summary>Adds replicas 1, 2, … into the network's gradients over this thread's slice and clears them there.</summary>
        private Span<T> AddReplicas(int slice)
        {
            int length = _net.ParameterCount;
            int start = SliceStart(length, slice, _slices);
            int end = SliceStart(length, slice + 1, _slices);
            Span<T> total = _net.Gradients.Slice(start, end - start);
            for (int k = 1; k < _chunks; k++)
            {
                VectorOps.AddAndClear(total, _workers[k].Gradients.Slice(start, end - start));
            }

            return total;
        }

        /// <summary>The step over this thread's slice, after adding the replicas' gradients there when <see cref="Reduce"/> has not.</summary>
        private void StepSlice(int slice)
        {
            if (!_reduced)
            {
                AddReplicas(slice);
            }

            int length = _net.ParameterCount;
            int start = SliceStart(length, slice, _slices);
            int end = SliceStart(length, slice + 1, _slices);
            _finite[slice] = _optimizer!.StepRange(
                _net.Parameters, _net.Gradients, _gradientScale, _learningRate, _previous, clearGradients: true, start, end - start, out _squares[slice]);
        }

        private static int SliceStart(int length, int slice, int slices)
        {
            if (slice >= slices)
            {
                return length;
            }

            long even = (long)length * slice / slices;
            return (int)Math.Min(length, even / SliceAlignment * SliceAlignment);
        }

        public void Dispose()
        {
            _phase = Phase.Exiting;
            for (int k = 1; k < _workers.Length; k++)
            {
                _start[k].Set();
            }

            for (int k = 1; k < _workers.Length; k++)
            {
                _threads[k].Join();
                _start[k].Dispose();
                _finished[k].Dispose();
            }
        }
    }
}
