package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func allIdentCases(t *testing.T) []identCase {
	t.Helper()
	dev, err := deviceIDCases()
	if err != nil {
		t.Fatal(err)
	}
	return append(append(dev, userNameCases()...), idsCases()...)
}

// The independent device ID implementation reproduces the worked examples of the
// specification and agrees with encoding/base32 and with package ident on many fingerprints.
func TestIndependentDeviceID(t *testing.T) {
	t.Run("[IDENT-DEV-4] Luhn mod 32 of the worked example's chunk 1", func(t *testing.T) {
		var vals []int
		for _, c := range "A3R73D62FG5WB" {
			vals = append(vals, strings.IndexRune(indepAlphabet, c))
		}
		if got := indepLuhn(vals); got != 15 {
			t.Errorf("check value %d, want 15 (P)", got)
		}
		// All zeros: every product is 0, so the check is 0.
		if got := indepLuhn(make([]int, 13)); got != 0 {
			t.Errorf("check of zeros %d", got)
		}
	})
	t.Run("[IDENT-DEV-5] worked example", func(t *testing.T) {
		fp := sha256.Sum256(unhex(exampleSPKI))
		if got := indepDeviceID(fp); got.DeviceID != exampleDeviceID || got.Fingerprint != exampleSHA256 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("agrees with encoding/base32 and package ident", func(t *testing.T) {
		r := newDetRand("ident/test/fingerprints")
		b32 := base32.StdEncoding.WithPadding(base32.NoPadding)
		for range 2000 {
			var fp [32]byte
			r.Read(fp[:])
			syms := indepSymbols(indepData(fp))
			c := indepCompact(syms)
			if data := c[0:13] + c[14:27] + c[28:41] + c[42:55]; data != b32.EncodeToString(fp[:]) {
				t.Fatalf("%x: data symbols %s", fp, data)
			}
			if indepUndata(indepData(fp)) != fp {
				t.Fatalf("%x: undata does not invert data", fp)
			}
			if got, want := indepPrinted(syms), ident.DeviceIDFromFingerprint(fp).String(); got != want {
				t.Fatalf("%x: independent %s, ident %s", fp, got, want)
			}
			if indepBadChunk(syms) != 0 {
				t.Fatalf("%x: own checks fail", fp)
			}
		}
	})
}

// Generation fails whenever package ident disagrees with a declared intent: every case, with
// its intent changed, is rejected by checkIdentCase.
func TestIdentIntentIsChecked(t *testing.T) {
	for _, c := range allIdentCases(t) {
		if err := checkIdentCase(c); err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		var mutants []identCase
		if c.kind == "" {
			m := c
			m.want, m.kind, m.errReq = nil, kSyntax, "IDENT-LIM-1"
			mutants = append(mutants, m)
			m = c
			m.want = valueExpected{Value: "something else"}
			mutants = append(mutants, m)
			if w, ok := c.want.(deviceIDExpected); ok {
				w.Fingerprint = strings.Repeat("1", 64) // no case has this fingerprint
				m = c
				m.want = w
				mutants = append(mutants, m)
			}
			if w, ok := c.want.(compareExpected); ok {
				m = c
				m.want = compareExpected{Equal: !w.Equal}
				mutants = append(mutants, m)
			}
			if w, ok := c.want.(userNameExpected); ok {
				m = c
				m.want = userNameExpected{Stored: w.Stored, Key: w.Stored + "x"}
				mutants = append(mutants, m)
			}
		} else {
			m := c
			m.errReq = "IDENT-LIM-3" // never reported: it is the rule about reporting
			mutants = append(mutants, m)
			m = c
			if c.kind == kLength {
				m.kind = kSyntax
			} else {
				m.kind = kLength
			}
			mutants = append(mutants, m)
			m = c
			m.chunk = c.chunk%4 + 1
			mutants = append(mutants, m)
			m = c
			m.kind, m.errReq, m.want = "", "", valueExpected{}
			mutants = append(mutants, m)
		}
		for i, m := range mutants {
			if checkIdentCase(m) == nil {
				t.Errorf("%s: mutant %d of the intent passes", c.id, i)
			}
		}
	}
}

// Every example row of spec/identifiers.md is a test with the verdict the row gives.
func TestIdentCasesCoverSpecTables(t *testing.T) {
	tables := readSpecTables(t, "../../spec/identifiers.md")
	byInput := map[string][]identCase{}
	for _, c := range allIdentCases(t) {
		byInput[c.op+"\x00"+c.in] = append(byInput[c.op+"\x00"+c.in], c)
	}
	find := func(op, in string) (identCase, bool) {
		cs := byInput[op+"\x00"+in]
		if len(cs) == 0 {
			return identCase{}, false
		}
		return cs[0], true
	}
	want := map[string]int{"user-names-valid": 12, "user-names-invalid": 18, "nss": 13, "resource-ids": 9}
	for name, n := range want {
		if len(tables[name]) != n {
			t.Errorf("table %s has %d rows, the generator was written for %d", name, len(tables[name]), n)
		}
	}
	for _, r := range tables["user-names-valid"] {
		c, ok := find(opUserParse, r[0])
		if !ok || c.kind != "" || !sameJSON(c.want, userNameExpected{r[1], r[2]}) {
			t.Errorf("user-names-valid row %q: case %+v", r, c)
		}
	}
	for _, r := range tables["user-names-invalid"] {
		c, ok := find(opUserParse, r[0])
		if !ok || c.errReq != r[1] {
			t.Errorf("user-names-invalid row %q: case %+v", r, c)
		}
	}
	for _, r := range tables["nss"] {
		c, ok := find(opEndpoint, r[0])
		if !ok || (r[1] == "valid") != (c.kind == "") || r[1] != "valid" && c.errReq != r[1] {
			t.Errorf("nss row %q: case %+v", r, c)
		}
	}
	for _, r := range tables["resource-ids"] {
		c, ok := find(opResource, r[0])
		if !ok || (r[1] == "valid") != (c.kind == "") || r[1] != "valid" && c.errReq != r[1] {
			t.Errorf("resource-ids row %q: case %+v", r, c)
		}
	}
	for _, in := range []string{exampleDeviceID, strings.ToLower(exampleDeviceID), exampleCompact} {
		if c, ok := find(opDevParse, in); !ok || c.kind != "" {
			t.Errorf("§4.4 spelling %s: no valid device-id/parse case", in)
		}
	}
	if c, ok := find(opDevParse, "B"+exampleDeviceID[1:]); !ok || c.errReq != "IDENT-DEV-9" || c.chunk != 1 {
		t.Errorf("§4.4 first A changed to B: case %+v", c)
	}
	if c, ok := find(opTicket, "_00112233445566778899aabbccddeeff"); !ok ||
		!sameJSON(c.want, bytesExpected{"_00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeeff"}) {
		t.Errorf("§6 example: case %+v", c)
	}
}

var specEscRE = regexp.MustCompile(`\\u\{([0-9A-Fa-f]{1,6})\}`)

// readSpecTables reads the tables after "<!-- examples: name -->" lines, without their header
// rows, with `\u{XXXX}` replaced by the code point.
func readSpecTables(t *testing.T, path string) map[string][][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	table := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "<!-- examples: "):
			table = strings.TrimSuffix(strings.TrimPrefix(line, "<!-- examples: "), " -->")
		case table != "" && strings.HasPrefix(line, "|"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i, c := range cells {
				c = strings.TrimSpace(c)
				if c == "``" {
					c = ""
				}
				c = strings.TrimSuffix(strings.TrimPrefix(c, "`"), "`")
				cells[i] = specEscRE.ReplaceAllStringFunc(c, func(m string) string {
					n, err := strconv.ParseUint(specEscRE.FindStringSubmatch(m)[1], 16, 32)
					if err != nil {
						t.Fatal(err)
					}
					return string(rune(n))
				})
			}
			out[table] = append(out[table], cells)
		case table != "" && line == "" && len(out[table]) > 0:
			table = ""
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for k, rows := range out {
		if len(rows) < 2 {
			t.Fatalf("table %s: no rows", k)
		}
		out[k] = rows[2:]
	}
	return out
}

// The schema refuses tests that break the rules of the ident files.
func TestIdentSchemaRefusesBrokenTests(t *testing.T) {
	v, err := vectors.NewValidator(os.DirFS(committed))
	if err != nil {
		t.Fatal(err)
	}
	files, err := generate([]string{"ident"})
	if err != nil {
		t.Fatal(err)
	}
	load := func(path string) map[string]any {
		for _, f := range files {
			if f.Path == path {
				var doc map[string]any
				if err := json.Unmarshal(f.Data, &doc); err != nil {
					t.Fatal(err)
				}
				return doc
			}
		}
		t.Fatalf("%s not generated", path)
		return nil
	}
	testByID := func(doc map[string]any, id string) map[string]any {
		for _, x := range doc["tests"].([]any) {
			if m := x.(map[string]any); m["id"] == id {
				return m
			}
		}
		t.Fatalf("no test %s", id)
		return nil
	}
	for _, p := range []string{"ident/device-id.json", "ident/user-name.json", "ident/ids.json"} {
		if err := v.ValidateValue(identSchema, load(p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	mutations := []struct {
		name, path, id string
		mutate         func(m map[string]any)
	}{
		{"op of another file", "ident/device-id.json", "worked-example", func(m map[string]any) { m["op"] = "ticket-id/parse" }},
		{"unknown op", "ident/ids.json", "ticket-zero", func(m map[string]any) { m["op"] = "ticket-id/print" }},
		{"no op", "ident/ids.json", "ticket-zero", func(m map[string]any) { delete(m, "op") }},
		{"check failure without errorChunk", "ident/device-id.json", "chunk-3-substitution", func(m map[string]any) { delete(m, "errorChunk") }},
		{"errorChunk 5", "ident/device-id.json", "chunk-3-substitution", func(m map[string]any) { m["errorChunk"] = 5 }},
		{"errorChunk on another error", "ident/device-id.json", "spare-bits-0001", func(m map[string]any) { m["errorChunk"] = 1 }},
		{"expected on an invalid test", "ident/device-id.json", "chunk-3-substitution", func(m map[string]any) { m["expected"] = map[string]any{"chunk": 3} }},
		{"input and inputHex", "ident/device-id.json", "worked-example", func(m map[string]any) { m["inputHex"] = "00" }},
		{"neither input nor inputHex", "ident/device-id.json", "worked-example", func(m map[string]any) { delete(m, "input") }},
		{"from-spki with input", "ident/device-id.json", "spki-worked-example-ed25519", func(m map[string]any) {
			m["input"] = m["inputHex"]
			delete(m, "inputHex")
		}},
		{"upper-case inputHex", "ident/device-id.json", "spki-worked-example-ed25519", func(m map[string]any) {
			m["inputHex"] = strings.ToUpper(m["inputHex"].(string))
		}},
		{"key on a parse test", "ident/device-id.json", "worked-example", func(m map[string]any) { m["key"] = "device-a-2048" }},
		{"valid without expected", "ident/device-id.json", "worked-example", func(m map[string]any) { delete(m, "expected") }},
		{"device ID in lower case", "ident/device-id.json", "worked-example", func(m map[string]any) {
			e := m["expected"].(map[string]any)
			e["deviceId"] = strings.ToLower(e["deviceId"].(string))
		}},
		{"expected of another op", "ident/user-name.json", "spec-shortest", func(m map[string]any) { m["expected"] = map[string]any{"value": "a@b.c"} }},
		{"compare without other", "ident/user-name.json", "compare-same-name", func(m map[string]any) { delete(m, "other") }},
		{"compare invalid", "ident/user-name.json", "compare-same-name", func(m map[string]any) {
			m["result"], m["error"], m["errorReq"] = "invalid", "syntax", "IDENT-USER-13"
			delete(m, "expected")
		}},
		{"other on a parse test", "ident/user-name.json", "spec-shortest", func(m map[string]any) { m["other"] = "a@b.c" }},
		{"error class outside the kinds", "ident/user-name.json", "spec-empty", func(m map[string]any) { m["error"] = "bad-check" }},
		{"invalid without errorReq", "ident/user-name.json", "spec-empty", func(m map[string]any) { delete(m, "errorReq") }},
		{"resource value with spare bits", "ident/ids.json", "resource-spec-example", func(m map[string]any) {
			m["expected"].(map[string]any)["value"] = "UICFO4FJCPQU5CLZ3SLHA73UUZ"
		}},
		{"ticket bytes too short", "ident/ids.json", "ticket-zero", func(m map[string]any) { m["expected"].(map[string]any)["bytes"] = "00" }},
		{"endpoint value empty", "ident/ids.json", "endpoint-case-kept", func(m map[string]any) { m["expected"].(map[string]any)["value"] = "" }},
	}
	for _, mu := range mutations {
		doc := load(mu.path)
		mu.mutate(testByID(doc, mu.id))
		if v.ValidateValue(identSchema, doc) == nil {
			t.Errorf("%s (%s#%s): validates", mu.name, mu.path, mu.id)
		}
	}
	// The area must be one of the three.
	doc := load("ident/ids.json")
	doc["area"] = "ident/other"
	if v.ValidateValue(identSchema, doc) == nil {
		t.Error("an unknown area validates")
	}
}

// The counts of tests per op, for the record and so that a lost table is noticed.
func TestIdentCounts(t *testing.T) {
	count := map[string]int{}
	for _, c := range allIdentCases(t) {
		count[c.op]++
	}
	minimum := map[string]int{
		opDevFromSPKI: 30, opDevParse: 50, opUserParse: 90, opUserCompare: 15,
		opEndpoint: 30, opSyncID: 5, opResource: 20, opTicket: 20,
	}
	total := 0
	for op, n := range minimum {
		if count[op] < n {
			t.Errorf("%s: %d tests, want at least %d", op, count[op], n)
		}
		total += count[op]
	}
	t.Log(fmt.Sprint(count), "total", total)
}
