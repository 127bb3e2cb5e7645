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
    /// With <paramref name="threads"/> ≥ 2 the rules are split in two families — cardinal's and OCP's (the d step and
    /// R036, which fix the main currency, stay together) and Sunlight's TRD- rules — each run by its own thread over
    /// the same parsed lines, and their results joined: the codes are disjoint, so the output is the same as on one
    /// thread.
    /// </summary>
    public static FlagRun Run(Stream input, FlagSettings settings, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress = null, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var enabled = settings.EnabledRules.ToList();
        var trd = enabled.Where(c => c.StartsWith("TRD-", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var ocp = enabled.Where(c => !trd.Contains(c)).ToHashSet(StringComparer.Ordinal);
        return threads >= 2 && trd.Count > 0 && ocp.Count > 0
            ? RunSplit(input, [settings.Only(ocp), settings.Only(trd)], calendar, errors, progress)
            : RunOne(input, settings, calendar, errors, progress);
    }

    /// <summary>A parsed line shared by the threads: disposed, and its bytes returned to the pool, by the last to finish with it.</summary>
    private sealed class SharedLine(JsonDocument doc, byte[] bytes, int users)
    {
        private int _users = users;

        public JsonDocument Doc { get; } = doc;

        public void Release()
        {
            if (Interlocked.Decrement(ref _users) == 0)
            {
                Doc.Dispose();
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }
    }

    private static FlagRun RunSplit(Stream input, FlagSettings[] parts, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress)
    {
        var runs = parts.Select(p => new FlagRun(p, calendar)).ToArray();
        using var stop = new CancellationTokenSource();
        var queues = runs.Select(_ => new System.Collections.Concurrent.BlockingCollection<SharedLine>(256)).ToArray();
        var workers = runs.Select((run, i) => Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var line in queues[i].GetConsumingEnumerable(stop.Token))
                {
                    try
                    {
                        run.Add(line.Doc.RootElement);
                    }
                    finally
                    {
                        line.Release();
                    }
                }

                run.Finish();
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        try
        {
            long number = 0;
            foreach (var line in Lines(input))
            {
                number++;
                // The reader reuses its buffer for the next line: a line the threads share gets its own copy.
                if (Parse(line, number, errors, copy: true, out var bytes) is not { } doc)
                {
                    continue;
                }

                var shared = new SharedLine(doc, bytes!, queues.Length);
                foreach (var queue in queues)
                {
                    queue.Add(shared, stop.Token);
                }

                if ((number & 0xFFFF) == 0)
                {
                    progress?.Report(number);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A worker failed: its exception is thrown below.
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.CompleteAdding();
            }

            try
            {
                Task.WaitAll(workers);
            }
            finally
            {
                foreach (var queue in queues)
                {
                    queue.Dispose();
                }
            }
        }

        for (var i = 1; i < runs.Length; i++)
        {
            runs[0].Absorb(runs[i]);
        }

        return runs[0];
    }

    /// <summary>
    /// A line's document; null for a blank line (silently) or one that is not JSON (reported as cardinal does). With
    /// <paramref name="copy"/> the document reads a pooled copy of the bytes, given in <paramref name="rented"/> (the
    /// caller returns it after disposing the document).
    /// </summary>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> line, long number, TextWriter errors, bool copy, out byte[]? rented)
    {
        rented = null;
        var span = line.Span;
        if (IsBlank(span))
        {
            return null;
        }

        if (Utf8.IsValid(span))
        {
            if (copy)
            {
                rented = ArrayPool<byte>.Shared.Rent(span.Length);
                span.CopyTo(rented);
                line = rented.AsMemory(0, span.Length);
            }

            try
            {
                return JsonDocument.Parse(line, Options);
            }
            catch (JsonException)
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = null;
                }
            }
        }

        errors.WriteLine($"Line {number} is invalid JSON, skipping.");
        return null;
    }

    private static FlagRun RunOne(Stream input, FlagSettings settings, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress)
    {
        var run = new FlagRun(settings, calendar);
        long number = 0;
        foreach (var line in Lines(input))
        {
            number++;
            if (Parse(line, number, errors, copy: false, out _) is not { } doc)
            {
                continue;
            }

            using (doc)
            {
                run.Add(doc.RootElement);
            }

            if ((number & 0xFFFF) == 0)
            {
                progress?.Report(number);
            }
        }

        run.Finish();
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
