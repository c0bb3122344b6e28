package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// devDocuments are the documents of every labelled set: the seeds and, when
// ../shared is beside the repository, the dev articles, news reports and
// chronologies, with their sidecars.
func devDocuments(t *testing.T) []Document {
	t.Helper()
	var docs []Document
	for _, dir := range []string{"../corpus/seeds", "../../shared/dev", "../../shared/news/docs/news", "../../shared/chron/docs/chron"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc := Document{ID: filepath.Base(dir) + "/" + filepath.Base(f), Raw: raw}
			if side, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".meta.json"); err == nil {
				var m struct{ Published string }
				if err := json.Unmarshal(side, &m); err == nil && m.Published != "" {
					if p, err := parseDate(m.Published); err == nil {
						doc.Published = p
					}
				}
			}
			docs = append(docs, doc)
		}
	}
	if len(docs) < 5 {
		t.Fatal("no documents")
	}
	return docs
}

// wrap is Python's textwrap.fill(p, width, break_long_words=False,
// break_on_hyphens=False), as ../shared/tools/rewrap.py wraps.
func wrap(p string, width int) string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(p) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return strings.Join(lines, "\n")
}

// rewrapped is the document as an archive stores it: each paragraph
// hard-wrapped at width, paragraphs separated by blank lines. A document
// that is hard-wrapped already is rewrapped paragraph by paragraph.
func rewrapped(e *Engine, raw string, width int) string { return rewrappedAs(e, raw, width, false) }

// rewrappedAs is rewrapped, or, indented, the layout of wire archives: no
// blank lines, each paragraph's first line indented by three spaces.
func rewrappedAs(e *Engine, raw string, width int, indented bool) string {
	lines := strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
	if _, ok := wrapWidth(lines, e.cleaner.structure); ok {
		lines = e.cleaner.reflow(lines)
	}
	var paras []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			if indented {
				paras = append(paras, "   "+wrap(l, width-3))
				continue
			}
			paras = append(paras, wrap(l, width))
		}
	}
	if indented {
		return strings.Join(paras, "\n") + "\n"
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// recordKeys are a document's records as comparable strings: every field,
// and the evidence with whitespace collapsed.
func recordKeys(t *testing.T, recs []Record) []string {
	t.Helper()
	var out []string
	for _, r := range recs {
		var ev []string
		for _, e := range r.Evidence {
			ev = append(ev, strings.Join(strings.Fields(e.Text), " "))
		}
		out = append(out, r.Fields.String()+" | "+strings.Join(ev, " / "))
	}
	sort.Strings(out)
	return out
}

// Hard-wrapping each paragraph at 60, 70 and 80 columns (blank lines between
// paragraphs) gives every document of the labelled sets the same records.
func TestRewrapGivesTheSameRecords(t *testing.T) {
	e := engine(t)
	docs := devDocuments(t)
	for _, d := range docs {
		res, err := e.Process(d)
		if err != nil {
			t.Fatal(err)
		}
		want := recordKeys(t, res.Records)
		for _, w := range []int{60, 70, 80, -68} {
			wd := d
			wd.Raw = []byte(rewrappedAs(e, string(d.Raw), max(w, -w), w < 0))
			got, err := e.Process(wd)
			if err != nil {
				t.Fatal(err)
			}
			if g := recordKeys(t, got.Records); strings.Join(g, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s wrapped at %d (negative: indented paragraphs, no blank lines): %d records, want %d\n got %v\nwant %v", d.ID, w, len(g), len(want), g, want)
			}
		}
	}
	t.Logf("%d documents, each at three widths and indented at one", len(docs))
}

// A news report whose sidecar is gone but whose publication date is its
// dateline gives the same dates: "yesterday", "on Monday" and "on 29 July"
// resolve against the dateline's day.
func TestDatelineStandsInForThePublicationDate(t *testing.T) {
	e := engine(t)
	n := 0
	for _, d := range devDocuments(t) {
		if !strings.HasPrefix(d.ID, "news/") || d.Published.IsZero() {
			continue
		}
		n++
		res, err := e.Process(d)
		if err != nil {
			t.Fatal(err)
		}
		// The dateline names the report's own country (a Moscow dateline on
		// a story from Germany would be a different story's context).
		where, most := "Moscow", 0
		seen := map[string]int{}
		for _, r := range res.Records {
			if c := r.Fields.Format("country"); c != "null" && c != "" {
				if seen[c]++; seen[c] > most {
					where, most = c, seen[c]
				}
			}
		}
		bare := d
		bare.Published = time.Time{}
		bare.Raw = []byte(where + d.Published.Format(", 2 January 2006") + " (Reuters) --\n" + string(d.Raw))
		if c, err := e.Clean(bare); err != nil || c.Dateline == nil {
			// A name the dateline rules do not take ("Democratic Republic
			// of the Congo"): a city's.
			bare.Raw = []byte(d.Published.Format("Moscow, 2 January 2006") + " (Reuters) --\n" + string(d.Raw))
		}
		got, err := e.Process(bare)
		if err != nil {
			t.Fatal(err)
		}
		// Records are matched by their first sentence: the dateline's city
		// is context for places, which may keep or drop a record of its own.
		// (The report's own dateline, if any, becomes its sentence's start.)
		for _, r := range res.Records {
			w, g := r.Fields.Format("date"), "no record"
			for _, o := range got.Records {
				if a, b := o.Evidence[0].Text, r.Evidence[0].Text; strings.Contains(a, b) || strings.Contains(b, a) {
					g = o.Fields.Format("date")
					break
				}
			}
			if g != w {
				t.Errorf("%s: %q dated %q with a dateline, %q with the sidecar", d.ID, r.Evidence[0].Text, g, w)
			}
		}
	}
	if n < 10 {
		t.Fatalf("%d news reports with a publication date", n)
	}
}
