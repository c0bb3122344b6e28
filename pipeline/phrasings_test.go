package pipeline

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// testdata/phrasings.tsv: one-sentence reports written for this test (none
// from a labelled set), each with the fields its record must have: the
// many ways news tells a toll, an arrest, a date or a place. published=
// gives the document's publication date, records= how many records the
// text gives; "_" in a value (but a category's) stands for a space, "\n"
// in a text for a line break.
func TestPhrasings(t *testing.T) {
	e := engine(t)
	rows := readTSV(t, "testdata/phrasings.tsv")
	if len(rows) < 60 {
		t.Fatalf("only %d phrasings", len(rows))
	}
	for _, r := range rows {
		doc := Document{ID: "p.txt", Raw: []byte(strings.ReplaceAll(r["text"], `\n`, "\n"))}
		records := -1
		want := map[string]string{}
		for _, kv := range strings.Fields(r["want"]) {
			k, v, _ := strings.Cut(kv, "=")
			if k != "category" {
				v = strings.ReplaceAll(v, "_", " ")
			}
			if k == "published" {
				p, err := time.Parse("2006-01-02", v)
				if err != nil {
					t.Fatal(err)
				}
				doc.Published = p
				continue
			}
			if k == "records" {
				records, _ = strconv.Atoi(v)
				continue
			}
			want[k] = v
		}
		res, err := e.Process(doc)
		if err != nil {
			t.Fatalf("%q: %v", r["text"], err)
		}
		if len(res.Records) == 0 {
			t.Errorf("%q: no record", r["text"])
			continue
		}
		if records >= 0 && len(res.Records) != records {
			t.Errorf("%q: %d records, want %d", r["text"], len(res.Records), records)
		}
		rec := res.Records[0]
		for k, v := range want {
			if got := rec.Fields.Format(k); got != v {
				t.Errorf("%q: %s = %s, want %s (%s)", r["text"], k, got, v, rec.Provenance[k])
			}
		}
	}
}
