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

    /// <summary>Runs the flags over <paramref name="input"/>; bad lines are reported to <paramref name="errors"/> and skipped.</summary>
    public static FlagRun Run(Stream input, FlagSettings settings, WorkCalendar calendar, TextWriter errors, IProgress<long>? progress = null)
    {
        var run = new FlagRun(settings, calendar);
        long number = 0;
        foreach (var line in Lines(input))
        {
            number++;
            var span = line.Span;
            if (IsBlank(span))
            {
                continue;
            }

            if (!Utf8.IsValid(span))
            {
                errors.WriteLine($"Line {number} is invalid JSON, skipping.");
                continue;
            }

            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line, Options);
            }
            catch (JsonException)
            {
                errors.WriteLine($"Line {number} is invalid JSON, skipping.");
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
