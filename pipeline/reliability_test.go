package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"incidentkit/pipeline/textenc"
	"incidentkit/rules"
)

// limitsEngine is the default engine for the limit tests.
func limitsEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A one-line document of dates after an attack word (no sentence stop) is
// one huge sentence: the statistical NER read all of it, at a cost growing
// faster than its length (a 2 MB line ran for minutes). Eight times the
// text must cost about eight times the work: counted in allocations, which
// do not depend on the machine's load (BenchmarkLongSentence times it).
func TestProcessLongSentenceLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline on long lines")
	}
	e := limitsEngine(t)
	allocs := func(n int) float64 {
		doc := longSentence(n)
		return testing.AllocsPerRun(2, func() {
			if _, err := e.Process(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(2000), allocs(16000)
	t.Logf("allocations: %.0f for 2000 dates, %.0f for 16000", small, large)
	if large > 12*small {
		t.Errorf("16000 dates made %.0f allocations, 2000 made %.0f: %.1fx for 8x the text", large, small, large/small)
	}
}

// longSentence is one line of n dates after an attack word.
func longSentence(n int) Document {
	var b strings.Builder
	b.WriteString("A bomb attack killed 3 people on")
	for i := range n {
		fmt.Fprintf(&b, " %d May 2015", i%28+1)
	}
	return Document{ID: "long", Raw: []byte(b.String() + "\n")}
}

// BenchmarkLongSentence: the time of a 16000-date line, to compare with
// the 2000-date one (about 8x).
func BenchmarkLongSentence(b *testing.B) {
	e := limitsEngine(b)
	for _, n := range []int{2000, 16000} {
		doc := longSentence(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Process(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCutAtSpace(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc def", 10, "abc def"},
		{"abc def ghi", 9, "abc def"},
		{"ééé", 3, "é"},
		{"abcdef", 3, "abc"},
	} {
		if got := cutAtSpace(c.s, c.n); got != c.want {
			t.Errorf("cutAtSpace(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// walkAll runs WalkInputs on in and returns its items, failing the test if
// the walk takes more than a few seconds (a FIFO opened for read blocks
// until a writer comes, for ever).
func walkAll(t *testing.T, in Inputs) []Item {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	items := make(chan Item)
	errc := make(chan error, 1)
	go func() { errc <- WalkInputs(ctx, in, items, &Stats{}) }()
	var out []Item
	for it := range items {
		out = append(out, it)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the walk blocked")
	}
	return out
}

// A named pipe in the input folder blocked the run for ever: only regular
// files are read, and the rest are refused by their type before any open.
func TestWalkRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"fifo.txt", "fifo.jsonl", "side.meta.json"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), []byte("Gunmen killed two people in Kabul on 3 May 2015.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "side.txt"), []byte("Gunmen killed two people in Kabul on 3 May 2015.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Count would open the feed to count its lines.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := Count(ctx, []string{dir}); err != nil || ctx.Err() != nil {
		t.Fatalf("Count: %v, %v", err, ctx.Err())
	}
	got := map[string]Item{}
	for _, it := range walkAll(t, Inputs{Paths: []string{dir}}) {
		got[filepath.Base(it.Name)] = it
	}
	for _, name := range []string{"fifo.txt", "fifo.jsonl"} {
		if it, ok := got[name]; !ok || it.Err == nil || !strings.Contains(it.Err.Error(), "named pipe") {
			t.Errorf("%s: %+v, want refused as a named pipe", name, it)
		}
	}
	if it := got["good.txt"]; it.Err != nil || it.Doc.ID != "good.txt" {
		t.Errorf("good.txt: %+v", it)
	}
	if it := got["side.txt"]; len(it.Doc.Raw) == 0 || it.Err != nil || it.Lost == nil || !strings.Contains(it.Lost.Error(), "named pipe") {
		t.Errorf("side.txt with a FIFO sidecar: %+v, want read without it", it)
	}
	// A FIFO named as a PATH.
	items := walkAll(t, Inputs{Paths: []string{filepath.Join(dir, "fifo.txt")}})
	if len(items) != 1 || items[0].Err == nil {
		t.Errorf("FIFO PATH: %+v, want one refused item", items)
	}
}

const article = "Gunmen killed two people in Kabul on Monday.\n"

// Bad metadata (a sidecar that is not JSON, a publication date that is no
// date or out of range) rejected the whole document: it is read without
// that metadata, and the loss is carried in Item.Lost.
func TestBadMetadataReadWithout(t *testing.T) {
	dir := t.TempDir()
	sidecars := map[string]string{
		"json":  `{"published": `,
		"word":  `{"published": "not a date", "title": "T"}`,
		"far":   `{"published": "30000-01-01"}`,
		"utc":   `{"published": "9999-12-31T23:00:00-05:00"}`,
		"early": `{"published": "0999-12-31"}`,
	}
	for name, side := range sidecars {
		write(t, filepath.Join(dir, name+".txt"), article)
		write(t, filepath.Join(dir, name+".meta.json"), side)
	}
	write(t, filepath.Join(dir, "good.txt"), article)
	write(t, filepath.Join(dir, "good.meta.json"), `{"published": "2015-05-04"}`)
	write(t, filepath.Join(dir, "feed.jsonl"), `{"id": "a", "text": "Gunmen killed two people in Kabul on Monday.", "published": "9999-12-31T23:00:00-05:00"}
{"id": "b", "text": "Gunmen killed two people in Kabul on Monday.", "published": "2015-05-04"}
`)
	for _, it := range walkAll(t, Inputs{Paths: []string{dir}}) {
		name := strings.TrimSuffix(filepath.Base(it.Name), ".txt")
		if it.Err != nil {
			t.Errorf("%s: %v, want read", it.Name, it.Err)
			continue
		}
		if len(it.Doc.Raw) == 0 {
			t.Errorf("%s: no text", it.Name)
		}
		bad := sidecars[name] != "" || strings.HasSuffix(it.Name, ":1")
		switch {
		case bad && it.Lost == nil:
			t.Errorf("%s: nothing lost, want the metadata reported", it.Name)
		case bad && !it.Doc.Published.IsZero():
			t.Errorf("%s: published %v, want none", it.Name, it.Doc.Published)
		case !bad && (it.Lost != nil || it.Doc.Published.Year() != 2015):
			t.Errorf("%s: lost %v, published %v", it.Name, it.Lost, it.Doc.Published)
		}
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A store filled before the bound may hand Process a document published in
// year 10000: it is processed as if undated, and no record dates from it.
func TestProcessPublishedOutOfRange(t *testing.T) {
	e := limitsEngine(t)
	res, err := e.Process(Document{ID: "x", Raw: []byte(article), Published: time.Date(10000, 1, 1, 4, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Records {
		if b, _ := json.Marshal(r); strings.Contains(string(b), "10000") || strings.Contains(string(b), "9999") {
			t.Errorf("record dated from year 10000: %s", b)
		}
	}
}

// Cleaning its own output changed it: "== 2015 ==" came out "2015"
// (kept), but "=0=" came out "0", dropped when cleaned again; the markers
// left by removing inner ones ("[1[2]]" -> "[1]") went on the second pass;
// invalid bytes passed through.
func TestCleanIdempotent(t *testing.T) {
	e := limitsEngine(t)
	for _, c := range []struct{ in, want string }{
		{"== 2015 ==\nGunmen killed two people in Kabul.", "2015\n\nGunmen killed two people in Kabul."},
		{"=0=\nGunmen killed two people in Kabul.", "Gunmen killed two people in Kabul."},
		{"[[1]] [1[2]] [a[b]] text", "[] text"},
		{"* |0000000000000000000000", ""},
		{"\u200f000000000000000\xe2", "\u200f000000000000000\uFFFD"},
	} {
		once := e.cleaner.Clean(c.in).Text
		if once != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, once, c.want)
		}
		if twice := e.cleaner.Clean(once).Text; twice != once {
			t.Errorf("Clean(%q) = %q, cleaned again %q", c.in, once, twice)
		}
		if !utf8.ValidString(once) {
			t.Errorf("Clean(%q) = %q: invalid UTF-8", c.in, once)
		}
	}
	// The HTML path: the bytes the campaign found.
	c, err := e.Clean(Document{ID: "x.html", HTML: true, Raw: []byte("<p>\xe2\x80\x8f000000000000000\xe2</p>")})
	if err != nil || !utf8.ValidString(c.Text) {
		t.Errorf("HTML clean: %q, %v", c.Text, err)
	}
}

// A 15.9 MB one-line document holding " | " twice was taken for a table
// row: 0 records and no word on stderr. A line that long is read (cut to
// the budget, with a reason), and a document cleaning leaves nothing of
// says so.
func TestLongPipeLineIsRead(t *testing.T) {
	e := limitsEngine(t)
	line := "Gunmen killed two people in Kabul on 3 May 2015 | police said | " + strings.Repeat("and more attacks followed in the province ", 380000)
	res, err := e.Process(Document{ID: "pipes.txt", Raw: []byte(line + "\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) == 0 || res.Cut == nil {
		t.Errorf("%d records, cut %v: want the line read, and cut", len(res.Records), res.Cut)
	}
	// A short row is a table row still; a document of nothing else says so.
	_, err = e.Process(Document{ID: "table.txt", Raw: []byte("a | b | c\nd | e | f\n")})
	if err == nil || !strings.Contains(err.Error(), "no text left after cleaning") {
		t.Errorf("a table only: %v, want the reason", err)
	}
}

// 600k distinct short lines (16 MB) peaked at 826 MB: a document is read
// up to its budget, cut at a paragraph, and the cut reported in one line.
func TestDocumentBudget(t *testing.T) {
	e := limitsEngine(t)
	var b strings.Builder
	for i := 0; b.Len() < 6<<20; i++ {
		fmt.Fprintf(&b, "Gunmen killed %d people in Kabul at post %d.\n\n", i%9+2, i)
	}
	for _, html := range []bool{false, true} {
		raw := b.String()
		if html {
			raw = "<html><body><p>" + strings.ReplaceAll(raw, "\n\n", "</p>\n<p>") + "</p></body></html>"
		}
		res, err := e.Process(Document{ID: "big", Raw: []byte(raw), HTML: html})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Cleaned.Text) > MaxTextSize || res.Cut == nil || strings.Contains(res.Cut.Error(), "\n") {
			t.Errorf("html %v: %d bytes of text read, cut %v", html, len(res.Cleaned.Text), res.Cut)
		}
		if !strings.HasSuffix(res.Cleaned.Text, ".") {
			t.Errorf("html %v: cut inside a paragraph: %q", html, res.Cleaned.Text[len(res.Cleaned.Text)-40:])
		}
		for _, bl := range res.Cleaned.Blocks {
			if bl.End > len(res.Cleaned.Text) {
				t.Fatalf("block %+v past the cut", bl)
			}
		}
	}
}

// Joining the lines of a hard-wrapped text copied the paragraph at every
// line: a 2 MB paragraph took 26 s. Eight times the lines must cost about
// eight times the bytes allocated (not the time: that depends on the
// machine's load; BenchmarkReflow times it).
func TestReflowLinear(t *testing.T) {
	e := limitsEngine(t)
	text := func(n int) string {
		return strings.Repeat("gunmen killed two people in the village near the border post at dawn and\n", n)
	}
	small := allocatedBytes(func() { e.cleaner.Clean(text(2000)) })
	large := allocatedBytes(func() { e.cleaner.Clean(text(16000)) })
	if large > 16*small {
		t.Errorf("16000 lines allocated %d bytes, 2000 allocated %d: %.0fx for 8x the text", large, small, float64(large)/float64(small))
	}
}

func BenchmarkReflow(b *testing.B) {
	e := limitsEngine(b)
	text := strings.Repeat("gunmen killed two people in the village near the border post at dawn and\n", 16000)
	for b.Loop() {
		e.cleaner.Clean(text)
	}
}

// allocatedBytes is what f allocates (the runtime's running total: the
// same for the same work, whatever the machine's load).
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A file far over the budget is cut as it is read, so the batch's files in
// flight hold the budget, not 16 MB each; the note names its whole size.
func TestCutOnRead(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	write(t, path, strings.Repeat("Gunmen killed two people in Kabul at the post.\n\n", 120000))
	doc, _, err := ReadDocument(path, "big.txt", textenc.Encoding{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Raw) > rawBudget(false) || doc.RawSize != 120000*48 || cap(doc.Raw) > rawBudget(false) {
		t.Fatalf("read %d bytes (cap %d), size %d", len(doc.Raw), cap(doc.Raw), doc.RawSize)
	}
	res, err := limitsEngine(t).Process(doc)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cut == nil || !strings.Contains(res.Cut.Error(), "of 5.5 MB") {
		t.Errorf("cut %v, want the whole size named", res.Cut)
	}
}
