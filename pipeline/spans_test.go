package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestProcessSpans: the same records as Process, and every span lies on
// the cleaned text it names.
func TestProcessSpans(t *testing.T) {
	e := engine(t)
	files, err := filepath.Glob("../corpus/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds: %v", err)
	}
	kinds := map[string]int{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := Document{ID: filepath.Base(f), Raw: raw}
		want, err := e.Process(doc)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.ProcessSpans(doc)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(want.Records)
		b, _ := json.Marshal(got.Records)
		if string(a) != string(b) {
			t.Errorf("%s: ProcessSpans records differ from Process", f)
		}
		for _, s := range got.Spans {
			if got.Cleaned.Text[s.Start:s.End] != s.Text {
				t.Errorf("%s: span %+v is not on the text", f, s)
			}
			kinds[s.Kind]++
		}
	}
	for _, k := range []string{SpanTrigger, SpanDate, SpanNumber, SpanPlace, SpanGroup, SpanWeapon, SpanTarget} {
		if kinds[k] == 0 {
			t.Errorf("no %s span on the seeds", k)
		}
	}
}
