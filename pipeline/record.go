package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
)

// Fields are the incident fields of the spec (incidents.md), shared by a
// record (one document's report) and a dataset row (one canonical incident).
// Field order is the order written to JSON.
type Fields struct {
	Category           string   `json:"category"`
	Date               *string  `json:"date"`
	Place              *string  `json:"place"`
	Region             *string  `json:"region"`
	Country            *string  `json:"country"`
	Perpetrator        *string  `json:"perpetrator"`
	Killed             *int     `json:"killed"`
	Injured            *int     `json:"injured"`
	PerpetratorsKilled *int     `json:"perpetrators_killed"`
	Arrested           *int     `json:"arrested"`
	Weapons            []string `json:"weapons"`
	Targets            []string `json:"targets"`
}

// Record is one incident as one document reports it, with the sentences it
// was built from and the rule behind each field.
type Record struct {
	Doc string `json:"doc"`
	ID  string `json:"id"`
	Fields
	Evidence   []Evidence `json:"evidence"`
	Provenance Provenance `json:"provenance"`
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
