package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir makes a folder with good documents beside bad ones: empty,
// binary, oversized, and a feed with a malformed line; and a Latin-1 one,
// read with a note.
func corpusDir(t *testing.T, big bool) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/good1.txt", []byte("On 3 September 2024, a man with a screwdriver attacked traffic police inspectors at the entrance to Magas, the capital of Ingushetia. One inspector was wounded; the attacker was shot dead.\n"))
	write("b/good2.txt", []byte("On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan.\n"))
	write("b/good2.meta.json", []byte(`{"published": "2025-05-06", "title": "Shootout"}`))
	write("e/page.html", []byte(`<!doctype html><html lang="en"><head><title>Attack in Nalchik</title>
<meta property="article:published_time" content="2025-07-05T09:00:00Z"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Police officers attacked in Nalchik</h1>
<p>On Friday, militants armed with knives attacked police officers in Nalchik, Kabardino-Balkaria, injuring one officer.</p>
<p>One of the attackers was killed and the other was arrested, the interior ministry said in a statement on its website.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>`))
	write("c/empty.txt", nil)
	write("c/binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3})
	write("c/latin1.txt", []byte("On 5 May 2025 a caf\xe9 was attacked in Nice, France.\n"))
	write("c/notes.pdf", []byte("%PDF-1.4"))
	write("d/feed.jsonl", []byte(`{"id":"x1","published":"2024-06-24","text":"On Sunday, gunmen attacked a church and a synagogue in Derbent, Dagestan, killing 17 police officers."}
{"id": "broken", "text": 
{"id":"x3","text":"Police said nothing happened."}
`))
	if big {
		f, err := os.Create(filepath.Join(dir, "c/huge.txt"))
		if err != nil {
			t.Fatal(err)
		}
		line := bytes.Repeat([]byte("word "), 200)
		for n := 0; n < 60<<20; n += len(line) {
			f.Write(line)
		}
		f.Close()
	}
	return dir
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunBadInputDoesNotStopBatch(t *testing.T) {
	dir := corpusDir(t, !testing.Short())
	code, out, stderr := runCLI("run", "-q", dir)
	if code != 1 {
		t.Errorf("exit status %d, want 1 (some inputs failed)", code)
	}
	for _, want := range []string{"c/empty.txt: empty document", "c/binary.txt: binary file", "c/latin1.txt: decoded as windows-1252 (not UTF-8)", "d/feed.jsonl:2: malformed feed line"} {
		if !strings.Contains(filepath.ToSlash(stderr), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !testing.Short() && !strings.Contains(stderr, "huge.txt: file too large") {
		t.Errorf("stderr lacks the oversized file:\n%s", stderr)
	}
	for _, doc := range []string{`"doc":"a/good1.txt"`, `"doc":"b/good2.txt"`, `"doc":"c/latin1.txt"`, `"doc":"d/feed.jsonl#x1"`, `"doc":"e/page.html"`} {
		if !strings.Contains(out, doc) {
			t.Errorf("records of %s missing from output:\n%s", doc, out)
		}
	}
	if strings.Count(stderr, "\n") != strings.Count(stderr, "extract: ") {
		t.Errorf("each error should be one line naming the file:\n%s", stderr)
	}
}

// The publication date of a page or a feed line anchors "On Friday" and
// "On Sunday".
func TestRelativeDatesAnchoredOnPublication(t *testing.T) {
	dir := corpusDir(t, false)
	_, out, _ := runCLI("run", "-q", dir)
	for _, want := range []string{`"doc":"e/page.html","id":`, `"date":"2025-07-04"`, `"date":"2024-06-23"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

func TestRunMissingPath(t *testing.T) {
	code, _, stderr := runCLI("run", "-q", filepath.Join(t.TempDir(), "nope"))
	if code != 1 || !strings.Contains(stderr, "nope") {
		t.Errorf("exit %d, stderr %q: want 1 and the path named", code, stderr)
	}
}

func TestRunDeterministic(t *testing.T) {
	dir := corpusDir(t, false)
	outs := map[string]string{}
	for _, w := range []string{"1", "2", "8"} {
		o := filepath.Join(t.TempDir(), "out.jsonl")
		if code, _, stderr := runCLI("run", "-q", "--workers", w, "-o", o, "../../corpus", dir); code != 1 {
			t.Fatalf("workers %s: exit %d: %s", w, code, stderr)
		}
		data, err := os.ReadFile(o)
		if err != nil {
			t.Fatal(err)
		}
		outs[w] = string(data)
	}
	if outs["1"] != outs["2"] || outs["1"] != outs["8"] {
		t.Error("output differs with the number of workers")
	}
	if !strings.Contains(outs["1"], `"doc":"corpus/seeds/000_1d3c305b1b24a314.txt"`) {
		t.Error("with several PATHs, doc ids should start with the PATH's base name")
	}
}

func TestEvalAgreesWithGolden(t *testing.T) {
	o := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, stderr := runCLI("run", "-q", "-o", o, "../../corpus"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	code, out, stderr := runCLI("eval", "--golden", "../../golden", "--predicted", o)
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	for _, row := range []string{"incidents", "core", "date", "killed"} {
		if !strings.Contains(out, "\n"+row+" ") && !strings.HasPrefix(out, row+" ") {
			t.Errorf("eval output lacks the %s row:\n%s", row, out)
		}
	}
}

func TestUsage(t *testing.T) {
	if code, _, _ := runCLI(); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
	if code, _, _ := runCLI("frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, _, _ := runCLI("run"); code != 2 {
		t.Errorf("run without PATH: exit %d, want 2", code)
	}
}
