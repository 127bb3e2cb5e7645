using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Sunlight.Core.Calendar;

namespace Sunlight.Trading.Flags;

/// <summary>
/// <c>sunlight flags ocds</c> (trading-flags.md "Batch"): NDJSON of compiled releases read as a stream of byte lines
/// (any length), each parsed, flagged and let go; one JSON line of results in cardinal-rs' <c>indicators</c> shape.
/// </summary>
internal static class FlagFile
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 128 };

    /// <summary>
    /// Runs the flags over <paramref name="input"/>; bad lines are reported to <paramref name="errors"/> and skipped.
    /// With <paramref name="threads"/> ≥ 2 the lines are read into <see cref="FlagLine"/>s in batches by reading
    /// threads (the costly part) while one thread adds them to the run in the file's order — the output, and the
    /// order of the error lines, are the same as on one thread.
    /// </summary>
    public static FlagRun Run(Stream input, FlagSettings settings, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return threads >= 2 ? RunParallel(input, new FlagRun(settings, calendar), errors, progress, threads) : RunOne(input, settings, calendar, errors, progress);
    }

    /// <summary>
    /// A line read: its <see cref="FlagLine"/>, or null for a blank line (silently) or one that is not UTF-8 JSON
    /// (<paramref name="bad"/>, reported as cardinal does).
    /// </summary>
    private static FlagLine? Read(ReadOnlySpan<byte> span, out bool bad)
    {
        bad = false;
        if (IsBlank(span))
        {
            return null;
        }

        if (Utf8.IsValid(span))
        {
            try
            {
                return FlagLine.Read(span);
            }
            catch (JsonException)
            {
            }
        }

        bad = true;
        return null;
    }

    private static void Bad(TextWriter errors, long number) => errors.WriteLine($"Line {number} is invalid JSON, skipping.");

    private static FlagRun RunOne(Stream input, FlagSettings settings, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress)
    {
        var run = new FlagRun(settings, calendar);
        long number = 0;
        foreach (var bytes in Lines(input))
        {
            number++;
            if (Read(bytes.Span, out var bad) is { } line)
            {
                run.Add(line);
            }
            else if (bad)
            {
                Bad(errors, number);
            }

            if ((number & 0xFFFF) == 0)
            {
                progress?.Report(number);
            }
        }

        run.Finish();
        return run;
    }

    /// <summary>Lines copied into one pooled buffer, read together by a reading thread.</summary>
    private sealed class Batch(long first)
    {
        public const int Size = 1 << 18;

        public long First { get; } = first;
        public byte[] Buffer = ArrayPool<byte>.Shared.Rent(Size);
        public int Used;
        public readonly List<(int Start, int Length)> Spans = [];

        /// <summary>Per line: its reading, or null (blank, or bad when <see cref="BadLines"/> says so).</summary>
        public FlagLine?[] Read = [];
        public bool[] BadLines = [];

        /// <summary>Set when the batch has been read (or its reading failed).</summary>
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Fits(int length) => Spans.Count == 0 || Used + length <= Buffer.Length;

        public void Append(ReadOnlySpan<byte> line)
        {
            if (Used + line.Length > Buffer.Length)
            {
                // A single line larger than the buffer gets a buffer of its own size.
                var bigger = ArrayPool<byte>.Shared.Rent(Used + line.Length);
                Buffer.AsSpan(0, Used).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = bigger;
            }

            line.CopyTo(Buffer.AsSpan(Used));
            Spans.Add((Used, line.Length));
            Used += line.Length;
        }

        public void Parse()
        {
            try
            {
                Read = new FlagLine?[Spans.Count];
                BadLines = new bool[Spans.Count];
                for (var i = 0; i < Spans.Count; i++)
                {
                    var (start, length) = Spans[i];
                    Read[i] = FlagFile.Read(Buffer.AsSpan(start, length), out BadLines[i]);
                }

                ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = [];
                Done.SetResult();
            }
            catch (Exception e)
            {
                Done.SetException(e);
            }
        }
    }

    /// <summary>
    /// <paramref name="threads"/> − 1 threads read batches of lines (the costly part: JSON into <see cref="FlagLine"/>s)
    /// while one thread adds them to the run in the file's order; the calling thread only cuts the lines.
    /// </summary>
    private static FlagRun RunParallel(Stream input, FlagRun run, TextWriter errors, IProgress<long>? progress, int threads)
    {
        var readers = Math.Max(1, threads - 1);
        using var toRead = new System.Collections.Concurrent.BlockingCollection<Batch>(readers * 2);
        using var inOrder = new System.Collections.Concurrent.BlockingCollection<Batch>(readers * 2 + 1);
        using var stop = new CancellationTokenSource();
        var reading = Enumerable.Range(0, readers).Select(_ => Task.Factory.StartNew(() =>
        {
            foreach (var batch in toRead.GetConsumingEnumerable())
            {
                batch.Parse();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var rules = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var batch in inOrder.GetConsumingEnumerable(stop.Token))
                {
                    batch.Done.Task.GetAwaiter().GetResult();
                    for (var i = 0; i < batch.Read.Length; i++)
                    {
                        if (batch.Read[i] is { } line)
                        {
                            run.Add(line);
                        }
                        else if (batch.BadLines[i])
                        {
                            Bad(errors, batch.First + i);
                        }
                    }

                    progress?.Report(batch.First + batch.Read.Length - 1);
                }

                run.Finish();
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            long number = 0;
            var batch = new Batch(1);
            void Send(Batch full)
            {
                inOrder.Add(full, stop.Token);
                toRead.Add(full, stop.Token);
            }

            foreach (var line in Lines(input))
            {
                number++;
                if (!batch.Fits(line.Length))
                {
                    Send(batch);
                    batch = new Batch(number);
                }

                batch.Append(line.Span);
            }

            if (batch.Spans.Count > 0)
            {
                Send(batch);
            }
            else
            {
                ArrayPool<byte>.Shared.Return(batch.Buffer);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The rules failed: their exception is thrown below.
        }
        finally
        {
            toRead.CompleteAdding();
            inOrder.CompleteAdding();
            Task.WaitAll(reading);
            rules.GetAwaiter().GetResult();
        }

        return run;
    }

    /// <summary>Reads each line and parses it, nothing more: the benchmark's baseline for the same file.</summary>
    public static long ParseOnly(Stream input)
    {
        long parsed = 0;
        foreach (var line in Lines(input))
        {
            if (IsBlank(line.Span))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line, Options);
                parsed++;
            }
            catch (JsonException)
            {
            }
        }

        return parsed;
    }

    /// <summary>ASCII whitespace only (an empty line counts): skipped silently.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The lines of a stream (without their <c>\n</c> or <c>\r\n</c>), however long; the memory of one is valid until the next.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(Stream input)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int start = 0, end = 0;
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline >= 0)
                {
                    var length = newline - start;
                    if (length > 0 && buffer[newline - 1] == '\r')
                    {
                        length--;
                    }

                    yield return buffer.AsMemory(start, length);
                    start = newline + 1;
                    continue;
                }

                // No full line left: keep the partial one at the front, grow when it fills the buffer.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = input.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (end > start)
                    {
                        var length = end - start;
                        if (buffer[end - 1] == '\r')
                        {
                            length--;
                        }

                        yield return buffer.AsMemory(start, length);
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the results (and Meta unless <paramref name="noMeta"/>) as one JSON line, keys in ordinal order at every level.</summary>
    public static void Write(Stream output, FlagRun run, bool noMeta)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            var top = run.Results.Where(g => g.Value.Count > 0).Select(g => g.Key).ToList();
            if (!noMeta)
            {
                top.Add("Meta");
            }

            foreach (var name in top.Order(StringComparer.Ordinal))
            {
                json.WritePropertyName(name);
                json.WriteStartObject();
                if (name == "Meta")
                {
                    foreach (var (code, entries) in run.Meta.OrderBy(m => m.Key, StringComparer.Ordinal))
                    {
                        json.WritePropertyName(code);
                        json.WriteStartObject();
                        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                        {
                            json.WritePropertyName(key);
                            Number(json, value);
                        }

                        json.WriteEndObject();
                    }
                }
                else
                {
                    foreach (var (id, codes) in run.Results[name].OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        json.WritePropertyName(id);
                        json.WriteStartObject();
                        foreach (var (code, value) in codes.OrderBy(c => c.Key, StringComparer.Ordinal))
                        {
                            json.WritePropertyName(code);
                            Number(json, value);
                        }

                        json.WriteEndObject();
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }

    private static void Number(Utf8JsonWriter json, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteNullValue();
        }
    }
}
