package vectors

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator checks vector files against the JSON Schemas of a tree ([VEC-SCH-1]): every
// schema file under SchemaDir is loaded into one compiler under its $id, so that area
// schemas can $ref the common one.
type Validator struct {
	c        *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

// NewValidator loads the schemas of fsys (FS() for the embedded tree, or os.DirFS of a
// spec/vectors directory on disk).
func NewValidator(fsys fs.FS) (*Validator, error) {
	entries, err := fs.ReadDir(fsys, SchemaDir)
	if err != nil {
		return nil, fmt.Errorf("vectors: reading schemas: %w", err)
	}
	c := jsonschema.NewCompiler()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".schema.json") {
			continue
		}
		id, ok := SchemaID(name)
		if !ok {
			return nil, fmt.Errorf("vectors: schema file name %q is not <name>.v<N>.schema.json", name)
		}
		data, err := fs.ReadFile(fsys, path.Join(SchemaDir, name))
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("vectors: schema %s: %w", name, err)
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("vectors: schema %s: %w", name, err)
		}
	}
	return &Validator{c: c, compiled: map[string]*jsonschema.Schema{}}, nil
}

// ValidateValue checks a decoded JSON value (as produced by jsonschema.UnmarshalJSON or
// encoding/json into any) against the named schema file, e.g. "ident.v1.schema.json".
func (v *Validator) ValidateValue(schema string, doc any) error {
	sch, ok := v.compiled[schema]
	if !ok {
		id, valid := SchemaID(schema)
		if !valid {
			return fmt.Errorf("vectors: bad schema name %q", schema)
		}
		var err error
		if sch, err = v.c.Compile(id); err != nil {
			return fmt.Errorf("vectors: schema %s: %w", schema, err)
		}
		v.compiled[schema] = sch
	}
	return sch.Validate(doc)
}

// Validate checks a vector file's bytes against the schema its header names.
func (v *Validator) Validate(data []byte) error {
	var h struct {
		Schema string `json:"schema"`
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("vectors: %w", err)
	}
	return v.ValidateValue(h.Schema, doc)
}
