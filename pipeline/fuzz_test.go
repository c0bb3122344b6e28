package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"incidentkit/extractors/dates"
	"incidentkit/rules"
)

// Fuzz targets of the pipeline (see README, "Reliability"). Each asserts,
// whatever the input: no panic, valid UTF-8 out, spans within the text and
// equal to the text they claim, cleaning idempotent, the same output for
// the same input. Their seed corpora are in testdata/fuzz/FuzzXxx.

// fuzzEngine is the default engine, built once for all fuzz inputs.
var fuzzEngine = sync.OnceValues(func() (*Engine, error) { return New(rules.Defaults()) })

func engineForFuzz(f *testing.F) *Engine {
	f.Helper()
	e, err := fuzzEngine()
	if err != nil {
		f.Fatal(err)
	}
	return e
}

// checkCleaned checks the blocks of a Cleaned against its text.
func checkCleaned(t *testing.T, c Cleaned) {
	t.Helper()
	if !utf8.ValidString(c.Text) {
		t.Fatalf("invalid UTF-8 out: %q", c.Text)
	}
	for _, b := range c.Blocks {
		if b.Start < 0 || b.End < b.Start || b.End > len(c.Text) {
			t.Fatalf("block %+v out of the text (%d bytes)", b, len(c.Text))
		}
	}
}

func FuzzCleanText(f *testing.F) {
	for _, s := range []string{
		"== 2015 ==", "[[1]] [1[2]] [a[b]] text", "\u200f000000000000000\xe2",
		"MOSCOW (AP) — Gunmen killed two police officers in Nalchik on Monday.\n\nRead more: x",
		"a | b | c\n|-\n{| x", "- List of clashes in 2015\n- 8 January\nGunmen attacked.",
		"Infobox\n- Date: 1 May\n\nThe attack killed 3.", "line one\r\nline two\rthree",
	} {
		f.Add(s)
	}
	e := engineForFuzz(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := e.cleaner.Clean(s)
		checkCleaned(t, c)
		if again := e.cleaner.Clean(s); again.Text != c.Text {
			t.Fatalf("two cleanings of one input differ: %q, %q", c.Text, again.Text)
		}
		// A dateline is set apart from its paragraph as a line of its own,
		// which reads differently cleaned again: idempotence is asserted on
		// texts without one (README, "Reliability", what is left).
		if c.Dateline != nil {
			return
		}
		if twice := e.cleaner.Clean(c.Text); twice.Text != c.Text {
			t.Fatalf("cleaning is not idempotent:\n in   %q\n once %q\n twice %q", s, c.Text, twice.Text)
		}
	})
}

func FuzzCleanHTML(f *testing.F) {
	for _, s := range []string{
		"<p>\xe2\x80\x8f000000000000000\xe2</p>",
		"<html><head><title>T</title><meta property=\"article:published_time\" content=\"2015-05-03\"></head><body><article><p>Gunmen killed two people in Kabul.</p></article></body></html>",
		"<div><div><div><p>x</p></div></div></div>", "<table><tr><td>a</td><td>b</td></tr></table>",
		"<p>&amp;&#0;&#xD800;&lol;</p>", "<script>alert(1)</script><p>== 2015 ==</p>",
	} {
		f.Add([]byte(s))
	}
	e := engineForFuzz(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := e.Clean(Document{ID: "x", Raw: raw, HTML: true})
		if err != nil {
			return
		}
		checkCleaned(t, c)
		again, _ := e.Clean(Document{ID: "x", Raw: raw, HTML: true})
		if again.Text != c.Text {
			t.Fatalf("two cleanings of one page differ: %q, %q", c.Text, again.Text)
		}
	})
}

func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"On 3 September 2024, a man with a screwdriver attacked traffic police inspectors at the entrance to Magas, the capital of Ingushetia. One inspector was wounded; the attacker was shot dead.\n",
		"On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan.\n",
		"== 2015 ==\n- 8 January: a bomb killed 4 in Mosul.\n- 9 January: two days later, gunmen killed 2.\n",
		"A bomb attack killed 3 people on 3 May 2015 3 May 2015 3 May 2015 of May 99999",
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("<p>MOSCOW (AP) \u2014 Gunmen killed two police officers in Nalchik on Monday.</p>"), true)
	e := engineForFuzz(f)
	f.Fuzz(func(t *testing.T, raw []byte, html bool) {
		doc := Document{ID: "x", Raw: raw, HTML: html, Published: time.Date(2024, 6, 15, 0, 0, 0, 0, time.UTC)}
		res, err := e.Process(doc)
		if err != nil {
			return
		}
		checkCleaned(t, res.Cleaned)
		var out bytes.Buffer
		for _, r := range res.Records {
			checkRecord(t, res.Cleaned.Text, r)
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			out.Write(js)
		}
		res2, _ := e.Process(doc)
		var out2 bytes.Buffer
		for _, r := range res2.Records {
			js, _ := json.Marshal(r)
			out2.Write(js)
		}
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("two runs on one document differ:\n%s\n%s", out.Bytes(), out2.Bytes())
		}
	})
}

// checkRecord checks a record's evidence against the cleaned text and its
// date against the range dates may have.
func checkRecord(t *testing.T, text string, r Record) {
	t.Helper()
	for _, ev := range r.Evidence {
		if ev.Start < 0 || ev.End < ev.Start || ev.End > len(text) || text[ev.Start:ev.End] != ev.Text {
			t.Fatalf("evidence %+v is not the text at its offsets (%d bytes)", ev, len(text))
		}
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(js) {
		t.Fatalf("invalid UTF-8 in %s", js)
	}
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	if d, ok := m["date"].(string); ok && d != "" {
		checkISO(t, d)
	}
}

// checkISO checks an ISO date or interval: every year in range.
func checkISO(t *testing.T, v string) {
	t.Helper()
	for _, part := range strings.Split(v, "/") {
		if part == "" || part == ".." {
			continue
		}
		y := part
		if i := strings.IndexByte(part[1:], '-'); i >= 0 {
			y = part[:i+1]
		}
		var n int
		if _, err := fmt.Sscan(y, &n); err != nil || !dates.InRange(n) || len(y) != 4 {
			t.Fatalf("date %q: year %q out of %d-%d", v, y, dates.MinYear, dates.MaxYear)
		}
	}
}

func FuzzReadFeed(f *testing.F) {
	for _, s := range []string{
		`{"id": "a", "text": "Gunmen killed two.", "published": "9999-12-31T23:00:00-05:00"}`,
		`{"id": "b", "html": "<p>x</p>", "published": "not a date"}` + "\n\n" + `{"text": ""}`,
		`{"text": "\ud800 x"}` + "\n" + `{`, "\xff\xfe{}", `{"text": "a", "published": "0999-01-01"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var ids []string
		ReadFeed(bytes.NewReader(data), "f.jsonl", "f.jsonl", func(it Item) bool {
			if it.Err != nil {
				return true
			}
			ids = append(ids, it.Doc.ID)
			if !utf8.Valid(it.Doc.Raw) || !utf8.ValidString(it.Doc.ID) {
				t.Fatalf("invalid UTF-8 in %+v", it.Doc)
			}
			if p := it.Doc.Published; !p.IsZero() && !dates.InRange(p.Year()) {
				t.Fatalf("published %v out of range", p)
			}
			return true
		})
		n := 0
		ReadFeed(bytes.NewReader(data), "f.jsonl", "f.jsonl", func(it Item) bool {
			if it.Err == nil {
				if n >= len(ids) || ids[n] != it.Doc.ID {
					t.Fatalf("two reads of one feed differ at item %d", n)
				}
				n++
			}
			return true
		})
	})
}
