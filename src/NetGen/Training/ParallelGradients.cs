using System;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace NetGen.Training
{
    /// <summary>
    /// A batch's gradient computed by several threads (<see cref="TrainerOptions.MaxDegreeOfParallelism"/>): the batch
    /// is cut into contiguous chunks whose bounds depend only on its size and the degree; worker 0 (the calling thread)
    /// accumulates its chunk into the network's own gradients, worker k into replica k's (same parameter array, own
    /// gradient buffer); then the replicas' gradients are added into the network's in the order 1, 2, … (each thread
    /// adds a fixed slice of the parameters), so a run depends only on its seed and its degree. The worker threads and
    /// every buffer are made once per run: a step allocates nothing.
    /// </summary>
    internal sealed class ParallelGradients<T> : IDisposable
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>A chunk has at least this many samples; smaller batches use fewer workers (one below twice this).</summary>
        public const int MinSamplesPerWorker = 16;

        /// <summary>Below this many parameters the calling thread adds the gradients alone (a hand-off costs more).</summary>
        private const int MinParametersToShareReduction = 1 << 14;

        /// <summary>Reduction slices start at multiples of this many elements (whole vectors, whole cache lines).</summary>
        private const int SliceAlignment = 64;

        private const int Accumulating = 1, Reducing = 2, Exiting = 3;

        private readonly INetwork<T> _net;
        private readonly INetwork<T>[] _workers;
        private readonly Thread[] _threads;
        private readonly SemaphoreSlim[] _start;
        private readonly SemaphoreSlim[] _finished;
        private readonly T[] _losses;
        private readonly ExceptionDispatchInfo?[] _errors;
        private readonly T[] _inputs;
        private readonly T[] _targets;
        private readonly int _inputSize;
        private readonly int _outputSize;

        // The job of the current hand-off, written by the calling thread before it releases the workers.
        private int _phase;
        private int _count;
        private int _chunks;
        private int _slices;

        private ParallelGradients(INetwork<T> net, INetwork<T>[] workers, T[] inputs, T[] targets)
        {
            _net = net;
            _workers = workers;
            _inputs = inputs;
            _targets = targets;
            _inputSize = net.InputSize;
            _outputSize = net.OutputSize;
            int degree = workers.Length;
            _losses = new T[degree];
            _errors = new ExceptionDispatchInfo?[degree];
            _start = new SemaphoreSlim[degree];
            _threads = new Thread[degree];
            _finished = new SemaphoreSlim[degree];
            for (int k = 1; k < degree; k++)
            {
                _start[k] = new SemaphoreSlim(0);
                _finished[k] = new SemaphoreSlim(0);
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
        /// The workers for <paramref name="degree"/> threads over the gathered batch arrays, or <see langword="null"/> when
        /// one thread it is: a degree of 1, batches too small to share, or a network without <see cref="INetwork{T}.CreateReplica"/>.
        /// </summary>
        public static ParallelGradients<T>? Create(INetwork<T> net, int degree, int batchSize, T[] inputs, T[] targets)
        {
            degree = Math.Min(degree, Math.Max(1, batchSize / MinSamplesPerWorker));
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

            return new ParallelGradients<T>(net, workers, inputs, targets);
        }

        /// <summary>The number of threads a batch of <paramref name="count"/> samples is shared by.</summary>
        public int ChunksFor(int count) => Math.Min(_workers.Length, Math.Max(1, count / MinSamplesPerWorker));

        /// <summary>
        /// Adds the gradient of the first <paramref name="count"/> gathered samples to the network's gradients and returns
        /// the sum of their losses (the chunks' sums added in worker order), like <see cref="INetwork{T}.AccumulateGradientsBatch"/>.
        /// </summary>
        public T AccumulateGradientsBatch(int count)
        {
            int chunks = ChunksFor(count);
            if (chunks == 1)
            {
                return _net.AccumulateGradientsBatch(_inputs.AsSpan(0, count * _inputSize), _targets.AsSpan(0, count * _outputSize), count);
            }

            _count = count;
            _chunks = chunks;
            Run(Accumulating, chunks);
            T loss = _losses[0];
            for (int k = 1; k < chunks; k++)
            {
                loss += _losses[k];
            }

            // Every parameter gets the same additions in the same order whoever adds them, so the slicing changes nothing.
            _slices = _net.ParameterCount >= MinParametersToShareReduction ? _workers.Length : 1;
            if (_slices == 1)
            {
                Reduce(0);
            }
            else
            {
                Run(Reducing, _slices);
            }

            return loss;
        }

        private void Run(int phase, int threads)
        {
            _phase = phase;
            for (int k = 1; k < threads; k++)
            {
                _start[k].Release();
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

            // One semaphore per worker (a CountdownEvent's first blocking wait allocates its lock object, mid-training).
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
                if (_phase == Exiting)
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

                _finished[worker].Release();
            }
        }

        private void Work(int worker)
        {
            if (_phase == Accumulating)
            {
                int start = (int)((long)_count * worker / _chunks);
                int end = (int)((long)_count * (worker + 1) / _chunks);
                int n = end - start;
                _losses[worker] = _workers[worker].AccumulateGradientsBatch(
                    _inputs.AsSpan(start * _inputSize, n * _inputSize), _targets.AsSpan(start * _outputSize, n * _outputSize), n);
            }
            else
            {
                Reduce(worker);
            }
        }

        /// <summary>Adds replicas 1, 2, … into the network's gradients over this thread's slice and clears them there.</summary>
        private void Reduce(int slice)
        {
            int length = _net.ParameterCount;
            int start = SliceStart(length, slice, _slices);
            int end = SliceStart(length, slice + 1, _slices);
            Span<T> total = _net.Gradients.Slice(start, end - start);
            for (int k = 1; k < _chunks; k++)
            {
                VectorOps.AddAndClear(total, _workers[k].Gradients.Slice(start, end - start));
            }
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
            _phase = Exiting;
            for (int k = 1; k < _workers.Length; k++)
            {
                _start[k].Release();
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
