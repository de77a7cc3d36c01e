package ident

import (
	"bufio"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The worked examples of spec/identifiers.md are checked here against the
// text of the specification itself, so the document and the code cannot
// drift apart.

const specPath = "../spec/identifiers.md"

type specDoc struct {
	blocks map[string]map[string]string // "example: name" fenced blocks
	tables map[string][][]string        // rows after "<!-- examples: name -->"
}

func readSpec(t *testing.T) specDoc {
	t.Helper()
	f, err := os.Open(specPath)
	if err != nil {
		t.Fatalf("reading the specification: %v", err)
	}
	defer f.Close()
	doc := specDoc{blocks: map[string]map[string]string{}, tables: map[string][][]string{}}
	sc := bufio.NewScanner(f)
	var block map[string]string
	inFence := false
	table := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```"):
			inFence = !inFence
			block = nil
		case inFence && strings.HasPrefix(line, "example: "):
			block = map[string]string{}
			doc.blocks[strings.TrimPrefix(line, "example: ")] = block
		case inFence && block != nil:
			k, v, ok := strings.Cut(line, ":")
			if ok {
				block[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		case strings.HasPrefix(line, "<!-- examples: "):
			table = strings.TrimSuffix(strings.TrimPrefix(line, "<!-- examples: "), " -->")
		case table != "" && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i, c := range cells {
				cells[i] = unescapeCell(t, strings.TrimSpace(c))
			}
			doc.tables[table] = append(doc.tables[table], cells)
		case table != "" && line == "":
			if len(doc.tables[table]) > 0 {
				table = ""
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for name, rows := range doc.tables {
		if len(rows) < 3 {
			t.Fatalf("table %s has no rows", name)
		}
		doc.tables[name] = rows[2:] // header and rule
	}
	return doc
}

var escRE = regexp.MustCompile(`\\u\{([0-9A-Fa-f]{1,6})\}`)

func unescapeCell(t *testing.T, c string) string {
	if c == "``" {
		return ""
	}
	c = strings.TrimSuffix(strings.TrimPrefix(c, "`"), "`")
	return escRE.ReplaceAllStringFunc(c, func(m string) string {
		n, err := strconv.ParseUint(escRE.FindStringSubmatch(m)[1], 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		return string(rune(n))
	})
}

func (d specDoc) block(t *testing.T, name string, keys ...string) map[string]string {
	t.Helper()
	b, ok := d.blocks[name]
	if !ok {
		t.Fatalf("specification has no example block %q", name)
	}
	for _, k := range keys {
		if _, ok := b[k]; !ok {
			t.Fatalf("example %q has no line %q", name, k)
		}
	}
	return b
}

func (d specDoc) table(t *testing.T, name string, cols int) [][]string {
	t.Helper()
	rows, ok := d.tables[name]
	if !ok {
		t.Fatalf("specification has no example table %q", name)
	}
	for _, r := range rows {
		if len(r) != cols {
			t.Fatalf("table %q: row %q has %d cells, want %d", name, r, len(r), cols)
		}
	}
	return rows
}

func TestSpecExamples(t *testing.T) {
	doc := readSpec(t)

	t.Run("[IDENT-DEV-1] worked example: device ID of the RFC 8032 test key", func(t *testing.T) {
		b := doc.block(t, "device-id", "key", "spki", "sha256", "base32", "chunks", "checks", "symbols", "device-id")
		key := mustHex(t, b["key"])
		spki := mustHex(t, b["spki"])
		if want := append(mustHex(t, "302a300506032b6570032100"), key...); string(spki) != string(want) {
			t.Errorf("spki line is not the SubjectPublicKeyInfo of the key")
		}
		fp := sha256.Sum256(spki)
		if hex.EncodeToString(fp[:]) != b["sha256"] {
			t.Errorf("sha256 line %s, computed %x", b["sha256"], fp)
		}
		data := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(fp[:])
		if data != b["base32"] {
			t.Errorf("base32 line %s, computed %s", b["base32"], data)
		}
		if got := strings.Join([]string{data[:13], data[13:26], data[26:39], data[39:]}, " "); got != b["chunks"] {
			t.Errorf("chunks line %s, computed %s", b["chunks"], got)
		}
		d, err := DeviceIDFromPublicKey(ed25519.PublicKey(key))
		if err != nil {
			t.Fatal(err)
		}
		if d.String() != b["device-id"] {
			t.Errorf("device-id line %s, computed %s", b["device-id"], d)
		}
		if d2, err := DeviceIDFromSPKI(spki); err != nil || d2 != d {
			t.Errorf("from SPKI: %v %v", d2, err)
		}
		sy := undashed(d.String())
		if sy != b["symbols"] {
			t.Errorf("symbols line %s, computed %s", b["symbols"], sy)
		}
		if got := strings.Join([]string{sy[13:14], sy[27:28], sy[41:42], sy[55:56]}, " "); got != b["checks"] {
			t.Errorf("checks line %s, computed %s", b["checks"], got)
		}
		for _, spelling := range []string{strings.ToLower(b["device-id"]), b["symbols"]} {
			if p, err := ParseDeviceID(spelling); err != nil || p != d {
				t.Errorf("spelling %s: %v %v", spelling, p, err)
			}
		}
		_, err = ParseDeviceID("B" + b["device-id"][1:])
		if e := wantReq(t, err, "IDENT-DEV-9"); e.Chunk != 1 {
			t.Errorf("chunk %d", e.Chunk)
		}
	})

	t.Run("[IDENT-DEV-4] worked example: Luhn mod 32 step by step", func(t *testing.T) {
		b := doc.block(t, "luhn", "chunk", "values", "weights", "products", "addends", "sum", "check-value", "check")
		chunk := b["chunk"]
		var values, weights, products, addends []string
		sum := 0
		for i := 0; i < len(chunk); i++ {
			v := strings.IndexByte(refAlphabet, chunk[i])
			w := 1
			if (len(chunk)-1-i)%2 == 0 {
				w = 2
			}
			p := v * w
			a := p
			if a >= 32 {
				a -= 31
			}
			sum += a
			values = append(values, strconv.Itoa(v))
			weights = append(weights, strconv.Itoa(w))
			products = append(products, strconv.Itoa(p))
			addends = append(addends, strconv.Itoa(a))
		}
		cv := (32 - sum%32) % 32
		got := map[string]string{
			"chunk": chunk, "values": strings.Join(values, " "), "weights": strings.Join(weights, " "),
			"products": strings.Join(products, " "), "addends": strings.Join(addends, " "),
			"sum": strconv.Itoa(sum), "check-value": strconv.Itoa(cv), "check": string(refAlphabet[cv]),
		}
		for k, v := range got {
			if b[k] != v {
				t.Errorf("line %s: spec %q, computed %q", k, b[k], v)
			}
		}
		var vals []byte
		for i := 0; i < len(chunk); i++ {
			vals = append(vals, byte(b32Value(chunk[i])))
		}
		if c := b32Alphabet[luhn32(vals)]; string(c) != b["check"] || !refLuhnValid(chunk+string(c)) {
			t.Errorf("implementation's check symbol %c", c)
		}
	})

	t.Run("[IDENT-USER-13] spec examples of valid user names and keys", func(t *testing.T) {
		for _, r := range doc.table(t, "user-names-valid", 3) {
			u, err := ParseUserName(r[0])
			if err != nil {
				t.Errorf("%q: %v", r[0], err)
				continue
			}
			if u.String() != r[1] || u.Key() != r[2] {
				t.Errorf("%q: stored %q key %+q, spec says %q %+q", r[0], u, u.Key(), r[1], r[2])
			}
		}
	})
	t.Run("[IDENT-LIM-3] spec examples of refused user names", func(t *testing.T) {
		for _, r := range doc.table(t, "user-names-invalid", 2) {
			_, err := ParseUserName(r[0])
			if got := outcomeOf("", err).Req; got != r[1] {
				t.Errorf("%q: refused by %q, spec says %s", r[0], got, r[1])
			}
		}
	})
	t.Run("[IDENT-EP-1] spec examples of NSS strings", func(t *testing.T) {
		for _, r := range doc.table(t, "nss", 2) {
			e, err := ParseEndpointID(r[0])
			got := outcomeOf(e.String(), err)
			if r[1] == "valid" {
				if err != nil || got.Printed != r[0] {
					t.Errorf("%q: %v", r[0], err)
				}
			} else if got.Req != r[1] {
				t.Errorf("%q: refused by %q, spec says %s", r[0], got.Req, r[1])
			}
		}
	})
	t.Run("[IDENT-RES-1] spec examples of resource IDs", func(t *testing.T) {
		for _, r := range doc.table(t, "resource-ids", 2) {
			id, err := ParseResourceID(r[0])
			got := outcomeOf(id.String(), err)
			if r[1] == "valid" {
				if err != nil || got.Printed != r[0] {
					t.Errorf("%q: %v", r[0], err)
				}
			} else if got.Req != r[1] {
				t.Errorf("%q: refused by %q, spec says %s", r[0], got.Req, r[1])
			}
		}
		b := doc.block(t, "resource-id", "bytes", "resource-id")
		if got := ResourceIDFromBytes([16]byte(mustHex(t, b["bytes"]))).String(); got != b["resource-id"] {
			t.Errorf("resource-id line %s, computed %s", b["resource-id"], got)
		}
	})
	t.Run("[IDENT-TKT-1] spec example of a ticket ID", func(t *testing.T) {
		b := doc.block(t, "ticket-id", "bytes", "ticket-id")
		id, err := NewTicketID(strings.NewReader(string(mustHex(t, b["bytes"]))))
		if err != nil || id.String() != b["ticket-id"] {
			t.Errorf("ticket-id line %s, computed %s (%v)", b["ticket-id"], id, err)
		}
	})
}
