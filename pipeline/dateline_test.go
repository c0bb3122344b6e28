package pipeline

import (
	"fmt"
	"strings"
	"testing"
)

// A table of wire and newspaper datelines (testdata/datelines.tsv, with
// near-misses): each opening line gives the dateline's date and place, or
// none; a dateline is a block of its own, never a sentence.
func TestDatelines(t *testing.T) {
	e := engine(t)
	rows := readTSV(t, "testdata/datelines.tsv")
	n := 0
	for _, r := range rows {
		n++
		line := r["line"]
		c := e.cleaner.Clean(line)
		dl := c.Dateline
		if r["place"] == "" {
			if dl != nil {
				t.Errorf("%q is not a dateline, read as %+v", line, *dl)
			}
			continue
		}
		if dl == nil {
			t.Errorf("%q: no dateline (want %s, %s)", line, r["place"], r["date"])
			continue
		}
		if got := titleCase(dl.City); !strings.EqualFold(got, r["place"]) {
			t.Errorf("%q: place %q, want %q", line, got, r["place"])
		}
		date := ""
		switch {
		case dl.Year > 0 && dl.Day > 0:
			date = fmt.Sprintf("%04d-%02d-%02d", dl.Year, dl.Month, dl.Day)
		case dl.Month > 0 && dl.Day > 0:
			date = fmt.Sprintf("--%02d-%02d", dl.Month, dl.Day)
		}
		if date != r["date"] {
			t.Errorf("%q: date %q, want %q", line, date, r["date"])
		}
		if want := r["country"]; want != "" {
			if got := e.datelineHint(dl).Country; got != want {
				t.Errorf("%q: country %q, want %q", line, got, want)
			}
		}
		for _, s := range e.Segment(c) {
			if strings.Contains(dl.Text, s.Text) {
				t.Errorf("%q: the dateline is a sentence", line)
			}
		}
	}
	if n < 40 {
		t.Fatalf("%d datelines, want at least 40", n)
	}
}
