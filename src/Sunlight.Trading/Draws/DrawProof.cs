using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sunlight.Core.Ledger;

namespace Sunlight.Trading.Draws;

/// <summary>
/// A draw's proof and its offline check (trading.md: <c>GET …/draws/{id}/proof</c>, <c>sunlight trading verify-draw</c>):
/// the committed and completed records, the inclusion proof of the commitment in the beacon checkpoint, the signed
/// checkpoint, its cosignature and the keys that verify them. Anyone recomputes C, B and K, the seed and the committee.
/// </summary>
internal static class DrawProof
{
    public static JsonObject Build(LedgerStatusService.SubjectRecord committed, LedgerStatusService.SubjectRecord completed, LedgerBeacon beacon,
        IReadOnlyList<byte[]> inclusion, string verifierKey, string? witnessKey) => new()
    {
        ["algorithm"] = FairDraw.Algorithm,
        ["verifierKey"] = verifierKey,
        ["witnessKey"] = witnessKey,
        ["committed"] = Record(committed),
        ["completed"] = Record(completed),
        ["checkpoint"] = beacon.Checkpoint,
        ["cosignature"] = beacon.Cosignature,
        ["inclusion"] = new JsonArray([.. inclusion.Select(h => (JsonNode)Convert.ToBase64String(h))]),
    };

    private static JsonObject Record(LedgerStatusService.SubjectRecord r) => new()
    {
        ["sequence"] = r.Sequence,
        ["type"] = r.Type,
        ["at"] = r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["body"] = Convert.ToBase64String(r.Body),
    };

    /// <summary>Checks a proof; null when it holds, else why not.</summary>
    public static string? Verify(JsonNode proof)
    {
        try
        {
            var committed = proof["committed"]!;
            var body = Convert.FromBase64String((string)committed["body"]!);
            var sequence = (long)committed["sequence"]!;
            var at = DateTimeOffset.Parse((string)committed["at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

            // The checkpoint is the node's (its signature verifies) and holds the commitment (the inclusion proof).
            var note = SignedNote.Open((string)proof["checkpoint"]!, [NoteVerifier.ParseVerifierKey((string)proof["verifierKey"]!)]);
            var checkpoint = Checkpoint.Parse(note.Text);
            if (checkpoint.Size <= sequence)
            {
                return $"the checkpoint (size {checkpoint.Size}) does not hold record {sequence}";
            }

            var leaf = Rfc9162.LeafHash(LedgerLeaf.Data(sequence, (string)committed["type"]!, at, SHA256.HashData(body)));
            var inclusion = proof["inclusion"]!.AsArray().Select(h => Convert.FromBase64String((string)h!)).ToList();
            if (!Rfc9162.VerifyInclusion(sequence, checkpoint.Size, leaf, inclusion, checkpoint.Root))
            {
                return "the committed record is not in the checkpoint (inclusion proof fails)";
            }

            // K: the parent's cosignature on that checkpoint, verified with the witness key; none on a node without a parent.
            byte[] k = [];
            if (proof["cosignature"] is JsonValue line && line.TryGetValue<string>(out var cosignature))
            {
                if (proof["witnessKey"] is not JsonValue w || !w.TryGetValue<string>(out var witnessKey) || !SignedNote.TryParseSignatureLine(cosignature, out var signature)
                    || !Cosignature.Verify(NoteVerifier.ParseVerifierKey(witnessKey), signature, note.Text, out _))
                {
                    return "the cosignature does not verify with the witness key";
                }

                k = signature.Blob[^64..];
            }

            var commit = JsonNode.Parse(body)!;
            var groups = commit["groups"]!.AsArray().Select(g => new DrawGroup((string)g!["specialty"]!, (int)g["count"]!, (int)g["alternates"]!,
                [.. g["pool"]!.AsArray().Select(c => (string)c!)])).ToList();
            var seed = FairDraw.Seed(SHA256.HashData(body), checkpoint.Root, k);
            var drawn = FairDraw.Select(seed, groups);
            var completed = JsonNode.Parse(Convert.FromBase64String((string)proof["completed"]!["body"]!))!;
            if ((string)completed["seed"]! != Convert.ToHexStringLower(seed))
            {
                return $"the recorded seed {(string)completed["seed"]!} is not the recomputed {Convert.ToHexStringLower(seed)}";
            }

            var recorded = completed["groups"]!.AsArray();
            for (var i = 0; i < drawn.Count; i++)
            {
                var selected = recorded[i]!["selected"]!.AsArray().Select(c => (string)c!).ToList();
                var alternates = recorded[i]!["alternates"]!.AsArray().Select(c => (string)c!).ToList();
                if (!selected.SequenceEqual(drawn[i].Selected) || !alternates.SequenceEqual(drawn[i].Alternates))
                {
                    return $"group {i + 1} ({drawn[i].Specialty}): recorded {string.Join(" ", selected)} / {string.Join(" ", alternates)}, recomputed {string.Join(" ", drawn[i].Selected)} / {string.Join(" ", drawn[i].Alternates)}";
                }
            }

            return recorded.Count == drawn.Count ? null : "the recorded groups are not the committed groups";
        }
        catch (Exception e) when (e is FormatException or NoteException or InvalidOperationException or NullReferenceException or ArgumentException or System.Text.Json.JsonException)
        {
            return "not a readable draw proof: " + e.Message;
        }
    }
}
