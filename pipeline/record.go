package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// Record is one incident as one document reports it, with the sentences it
// was built from and the rule behind each field.
type Record struct {
	Doc        string
	ID         string
	Fields     Fields // in schema order, between id and evidence in JSON
	Evidence   []Evidence
	Provenance Provenance
}

// MarshalJSON writes doc, id, the fields in order, evidence and provenance.
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"doc":`)
	if err := writeJSON(&b, r.Doc); err != nil {
		return nil, err
	}
	b.WriteString(`,"id":`)
	if err := writeJSON(&b, r.ID); err != nil {
		return nil, err
	}
	if err := r.Fields.appendJSON(&b); err != nil {
		return nil, err
	}
	ev := r.Evidence
	if ev == nil {
		ev = []Evidence{}
	}
	b.WriteString(`,"evidence":`)
	if err := writeJSON(&b, ev); err != nil {
		return nil, err
	}
	b.WriteString(`,"provenance":`)
	if err := writeJSON(&b, r.Provenance); err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a record written by MarshalJSON (or any object with
// those keys): every key that is not doc, id, evidence or provenance is a
// field.
func (r *Record) UnmarshalJSON(data []byte) error {
	*r = Record{}
	return DecodeObject(data, &r.Fields, func(key string, raw json.RawMessage) (bool, error) {
		switch key {
		case "doc":
			return true, json.Unmarshal(raw, &r.Doc)
		case "id":
			return true, json.Unmarshal(raw, &r.ID)
		case "evidence":
			return true, json.Unmarshal(raw, &r.Evidence)
		case "provenance":
			return true, json.Unmarshal(raw, &r.Provenance)
		}
		return false, nil
	})
}

func writeJSON(b *bytes.Buffer, v any) error {
	raw, err := marshalNoEscape(v)
	if err != nil {
		return err
	}
	b.Write(raw)
	return nil
}

// Evidence is one sentence a record was built from; Text equals the cleaned
// document text between Start and End.
type Evidence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Provenance names, for each field that is set, the rule that set it and the
// text it matched, so an analyst can see why.
type Provenance map[string]string

// recordID is stable: the same document and first evidence offset give the
// same id whatever else changes around it.
func recordID(doc string, start int) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d", doc, start)))
	return hex.EncodeToString(sum[:8])
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
