// Command vectorgen generates livemesh's test-vector files under spec/vectors and checks that
// the committed files are fresh (spec/vectors/README.md, [VEC-GEN-1]..[VEC-GEN-5]).
//
// Usage, from anywhere inside the module:
//
//	go run ./internal/vectorgen [-check] [-prune] [-area dir[,dir…]] [-dir path]
//
// Without -check it writes every generated file whose bytes differ from the committed one.
// With -check it writes nothing, lists each file that differs, is missing or is stale (a
// vector file that no generator produces), and exits 1 if there is any. -prune deletes stale
// files. -area restricts the run to the named directories (the stale check then covers only
// those). Exit codes: 0 fresh or written, 1 differences found by -check, 2 usage or
// generation error.
//
// Each directory of vectors has one generator, registered from its own file (area_<dir>.go)
// with register in an init function; see registry.go. Generators are deterministic: they use
// only the published keys (package spec/vectors), constants, and the labelled streams of
// package detrand.
package main
