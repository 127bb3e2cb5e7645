// Command outside-verifier checks a Sunlight node's ledger with Go's own transparency-log code
// (golang.org/x/mod/sumdb/note and sumdb/tlog, as packaged by Debian), not with Sunlight's:
// the signed checkpoint, every tile and entry bundle, inclusion proofs and a consistency proof.
//
// Usage: outside-verifier <base-url>   (exit 0 when everything verifies)
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		fail("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	return body
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// tilePath is the C2SP tlog-tiles path (no height element, unlike sumdb's tile/8/...).
func tilePath(level int, index int64, width int) string {
	parts := []string{}
	n := index
	for {
		parts = append([]string{fmt.Sprintf("%03d", n%1000)}, parts...)
		n /= 1000
		if n == 0 {
			break
		}
	}
	for i := 0; i < len(parts)-1; i++ {
		parts[i] = "x" + parts[i]
	}
	p := strings.Join(parts, "/")
	if width < 256 {
		p += fmt.Sprintf(".p/%d", width)
	}
	if level < 0 {
		return "/ledger/tile/entries/" + p
	}
	return fmt.Sprintf("/ledger/tile/%d/%s", level, p)
}

func proof(path string) []tlog.Hash {
	var answer struct{ Hashes []string }
	if err := json.Unmarshal(get(path), &answer); err != nil {
		fail("%s: %v", path, err)
	}
	hashes := make([]tlog.Hash, len(answer.Hashes))
	for i, h := range answer.Hashes {
		b, err := base64.StdEncoding.DecodeString(h)
		if err != nil || len(b) != 32 {
			fail("%s: bad hash %q", path, h)
		}
		copy(hashes[i][:], b)
	}
	return hashes
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: outside-verifier <base-url>")
	}
	base = strings.TrimRight(os.Args[1], "/")

	// 1. The checkpoint is a signed note that Go's note package opens with the published verifier key.
	vkey := strings.TrimSpace(string(get("/ledger/key")))
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key %q: %v", vkey, err)
	}
	msg := get("/ledger/checkpoint")
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint does not verify: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 2 {
		fail("checkpoint size %q", lines[1])
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != 32 {
		fail("checkpoint root %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	// 2. Entry bundles hash to the level-0 tiles; Go rebuilds every stored hash and the tree root from them.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	var leaves []tlog.Hash
	for tile := int64(0); tile*256 < size; tile++ {
		width := int(size - tile*256)
		if width > 256 {
			width = 256
		}
		bundle := get(tilePath(-1, tile, width))
		hashes := get(tilePath(0, tile, width))
		if len(hashes) != 32*width {
			fail("tile 0/%d: %d bytes for %d hashes", tile, len(hashes), width)
		}
		for i := 0; i < width; i++ {
			if len(bundle) < 2 {
				fail("entries %d: bundle too short", tile)
			}
			l := int(bundle[0])<<8 | int(bundle[1])
			data := bundle[2 : 2+l]
			bundle = bundle[2+l:]
			leaf := tlog.RecordHash(data)
			if !bytes.Equal(leaf[:], hashes[32*i:32*i+32]) {
				fail("leaf %d: entry does not hash to its tile hash", tile*256+int64(i))
			}
			more, err := tlog.StoredHashes(int64(len(leaves)), data, reader)
			if err != nil {
				fail("stored hashes: %v", err)
			}
			stored = append(stored, more...)
			leaves = append(leaves, leaf)
		}
	}
	treeHash, err := tlog.TreeHash(size, reader)
	if err != nil || treeHash != root {
		fail("root rebuilt by Go %v differs from the signed root %v (%v)", treeHash, root, err)
	}

	// 3. Go's tile code agrees with the served level-1 tiles when the tree has them.
	for tile := int64(0); (tile+1)*65536 <= size; tile++ {
		t := tlog.Tile{H: 8, L: 1, N: tile, W: 256}
		want, err := tlog.ReadTileData(t, reader)
		if err != nil || !bytes.Equal(want, get(tilePath(1, tile, 256))) {
			fail("tile 1/%d differs from Go's (%v)", tile, err)
		}
	}

	// 4. Inclusion proofs for a spread of leaves, and a consistency proof from an older size.
	checked := 0
	for _, i := range []int64{0, 1, size / 3, size / 2, size - 2, size - 1} {
		p := proof(fmt.Sprintf("/api/v1/ledger/proof/inclusion?index=%d&size=%d", i, size))
		if err := tlog.CheckRecord(p, size, root, i, leaves[i]); err != nil {
			fail("inclusion proof of %d in %d: %v", i, size, err)
		}
		checked++
	}
	old := size / 2
	oldRoot, err := tlog.TreeHash(old, reader)
	if err != nil {
		fail("tree hash at %d: %v", old, err)
	}
	if err := tlog.CheckTree(proof(fmt.Sprintf("/api/v1/ledger/proof/consistency?from=%d&to=%d", old, size)), size, root, old, oldRoot); err != nil {
		fail("consistency proof %d→%d: %v", old, size, err)
	}

	fmt.Printf("OK: %s size %d: signature, %d leaves, tiles, %d inclusion proofs and consistency %d→%d verified by Go's sumdb/note and sumdb/tlog\n",
		verifier.Name(), size, len(leaves), checked, old, size)
}
