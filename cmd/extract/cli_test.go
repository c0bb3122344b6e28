package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// runIn is runCLI with standard input.
func runIn(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const (
	articleA = "On 3 September 2024, a man with a screwdriver attacked traffic police inspectors at the entrance to Magas, the capital of Ingushetia. One inspector was wounded; the attacker was shot dead.\n"
	articleB = "On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan.\n"
)

// docsOf lists the doc of every record line.
func docsOf(t *testing.T, jsonl string) map[string]int {
	t.Helper()
	docs := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		if line == "" {
			continue
		}
		var r struct{ Doc string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		docs[r.Doc]++
	}
	return docs
}

// Two folders that both hold x.txt give two documents, in a run and in a
// store; two PATHs with one base name are refused before any work.
func TestSeveralPathsKeepEveryDocument(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "A/x.txt"), articleA)
	writeFile(t, filepath.Join(dir, "B/x.txt"), articleB)
	a, b := filepath.Join(dir, "A"), filepath.Join(dir, "B")

	code, out, stderr := runCLI("run", "-q", a, b)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	docs := docsOf(t, out)
	if docs["A/x.txt"] == 0 || docs["B/x.txt"] == 0 {
		t.Errorf("want records of A/x.txt and B/x.txt, got %v", docs)
	}

	db := filepath.Join(dir, "ab.db")
	if code, _, stderr := runCLI("ingest", "--db", db, a, b); code != 0 || !strings.Contains(stderr, "2 added") {
		t.Errorf("ingest A B: exit %d, want 2 documents added: %s", code, stderr)
	}

	// One PATH each time: both are "x.txt", and the second replaces the
	// first only with a word about it.
	db2 := filepath.Join(dir, "one.db")
	runCLI("ingest", "--db", db2, a)
	_, _, stderr = runCLI("ingest", "--db", db2, b)
	if !strings.Contains(stderr, "replaces document x.txt, ingested from "+filepath.Join(a, "x.txt")) {
		t.Errorf("replacing a document from another file went unsaid:\n%s", stderr)
	}

	other := filepath.Join(dir, "other", "A")
	writeFile(t, filepath.Join(other, "y.txt"), articleB)
	code, out, stderr = runCLI("run", "-q", a, other)
	if code == 0 || out != "" || !strings.Contains(stderr, `one base name "A"`) {
		t.Errorf("two PATHs named A: exit %d, output %q, stderr %q; want refused before any output", code, out, stderr)
	}
	db3 := filepath.Join(dir, "dup.db")
	if code, _, _ := runCLI("ingest", "--db", db3, a, other); code == 0 || fileExists(db3) {
		t.Errorf("ingest of two PATHs named A: exit %d, store created %v", code, fileExists(db3))
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Flags go anywhere; -h and help COMMAND print a synopsis with the
// positional arguments and exit 0; --version names the rules version.
func TestFlagsAnywhereAndHelp(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "A/x.txt"), articleA)
	writeFile(t, filepath.Join(dir, "B/y.txt"), articleB)
	o := filepath.Join(dir, "out.jsonl")
	code, _, stderr := runCLI("run", filepath.Join(dir, "A"), "-o", o, filepath.Join(dir, "B"), "-q", "--workers", "1")
	if code != 0 {
		t.Fatalf("flags between and after PATHs: exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(o)
	if docs := docsOf(t, string(data)); docs["A/x.txt"] == 0 || docs["B/y.txt"] == 0 {
		t.Errorf("want both PATHs read, got %v", docs)
	}
	for _, args := range [][]string{{"run", "-h"}, {"help", "run"}, {"run", "--help"}} {
		code, out, _ := runCLI(args...)
		if code != 0 || !strings.Contains(out, "Usage: extract run <PATH> ...") || !strings.Contains(out, "--workers") {
			t.Errorf("%v: exit %d, output lacks the synopsis:\n%s", args, code, out)
		}
	}
	for _, args := range [][]string{{"dataset", "-h"}, {"help", "dataset"}} {
		code, out, _ := runCLI(args...)
		if code != 0 || !strings.Contains(out, "dataset export") {
			t.Errorf("%v: exit %d:\n%s", args, code, out)
		}
	}
	if code, out, _ := runCLI("help", "dataset", "export"); code != 0 || !strings.Contains(out, "--format") || !strings.Contains(out, "--bom") {
		t.Errorf("help dataset export: exit %d:\n%s", code, out)
	}
	if code, out, _ := runCLI("--version"); code != 0 || !strings.Contains(out, "extract ") || !strings.Contains(out, "\nrules ") {
		t.Errorf("--version: exit %d: %q", code, out)
	}
	// A mistake says what to type.
	code, _, stderr = runCLI("run", "--wrokers", "2", dir)
	if code != 2 || !strings.Contains(stderr, "usage: extract run <PATH> ...") || !strings.Contains(stderr, "extract help run") {
		t.Errorf("unknown flag: exit %d: %s", code, stderr)
	}
}

// A worker pool needs workers.
func TestWorkersRefused(t *testing.T) {
	for _, args := range [][]string{
		{"run", "-q", "--workers=0", "../../corpus"},
		{"run", "-q", "--workers=-3", "../../corpus"},
		{"run", "-q", "../../corpus", "--workers", "0"},
		{"run", "-q", "--workers", "-3", "../../corpus"},
	} {
		code, out, stderr := runCLI(args...)
		if code != 2 || out != "" || !strings.Contains(stderr, "--workers") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and the flag named", args, code, stderr)
		}
	}
	if code, _, stderr := runCLI("ingest", "--workers=0", "--db", filepath.Join(t.TempDir(), "x.db"), "../../corpus"); code != 2 {
		t.Errorf("ingest --workers=0: exit %d: %s", code, stderr)
	}
}

// Reading commands refuse a missing store; a failed ingest leaves none.
func TestNoStoreByTypo(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"dataset", "export", "--db", missing, "--format", "csv"},
		{"dataset", "score", "--db", missing, "--golden", "../../golden"},
		{"dataset", "rebuild", "--db", missing},
	} {
		code, _, stderr := runCLI(args...)
		if code != 1 || !strings.Contains(stderr, "no store at "+missing) {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
		if fileExists(missing) {
			t.Fatalf("%v created %s", args, missing)
		}
	}
	db := filepath.Join(dir, "x.db")
	if code, _, _ := runCLI("ingest", "--db", db, filepath.Join(dir, "nonexistent")); code != 1 {
		t.Errorf("ingest of a missing PATH: exit %d, want 1", code)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a failed ingest left %v", ents)
	}
}

// -o FILE gets the mode a redirect would give; -o - is standard output.
func TestOutputModeAndStdout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "A/x.txt"), articleA)
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	o := filepath.Join(dir, "out.jsonl")
	if code, _, stderr := runCLI("run", "-q", "-o", o, filepath.Join(dir, "A")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	st, err := os.Stat(o)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("-o file mode %03o under umask 022, want 0644 as `> FILE` gives", st.Mode().Perm())
	}
	code, out, _ := runCLI("run", "-q", "-o", "-", filepath.Join(dir, "A"))
	if code != 0 || !strings.Contains(out, `"doc":"x.txt"`) || fileExists(filepath.Join(dir, "-")) {
		t.Errorf("-o -: exit %d, output %q", code, out)
	}
}

const feed = `{"id":"x1","published":"2024-06-24","text":"On Sunday, gunmen attacked a church and a synagogue in Derbent, Dagestan, killing 17 police officers."}
{"id":"x2","text":"On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan."}
`

// "-" reads one document, or with --feed a feed, from standard input.
func TestStdin(t *testing.T) {
	code, out, stderr := runIn(articleB, "run", "-q", "-")
	if code != 0 || docsOf(t, out)["stdin"] == 0 {
		t.Errorf("run -: exit %d, docs %v: %s", code, docsOf(t, out), stderr)
	}
	code, out, stderr = runIn(feed, "run", "-q", "--feed", "-")
	if docs := docsOf(t, out); code != 0 || docs["stdin#x1"] == 0 || docs["stdin#x2"] == 0 {
		t.Errorf("run --feed -: exit %d, docs %v: %s", code, docs, stderr)
	}
	code, out, _ = runIn(articleB, "clean", "-")
	if code != 0 || out != articleB {
		t.Errorf("clean -: exit %d: %q", code, out)
	}
	code, out, _ = runIn(`<!doctype html><html><head><title>T</title></head><body><article><p>`+articleB+`</p></article></body></html>`, "clean", "--json", "-")
	if code != 0 || !strings.Contains(out, `"title":"T"`) || !strings.Contains(out, "Makhachkala") {
		t.Errorf("clean --json - of a page: exit %d: %s", code, out)
	}
	code, out, _ = runIn(articleB, "explain", "-")
	if code != 0 || !strings.Contains(out, "Makhachkala") {
		t.Errorf("explain -: exit %d: %s", code, out)
	}
	code, out, _ = runIn(feed, "explain", "--feed", "-#x2")
	if code != 0 || !strings.Contains(out, "Makhachkala") || strings.Contains(out, "Derbent") {
		t.Errorf("explain --feed -#x2: exit %d: %s", code, out)
	}
}

// A feed is a list of documents to explain and clean, not a text.
func TestFeedLines(t *testing.T) {
	f := filepath.Join(t.TempDir(), "f.jsonl")
	writeFile(t, f, feed)
	code, out, stderr := runCLI("clean", f+"#x2")
	if code != 0 || out != strings.TrimSuffix(articleB, "\n")+"\n" {
		t.Errorf("clean f.jsonl#x2: exit %d: %q %s", code, out, stderr)
	}
	code, out, _ = runCLI("clean", "--json", f)
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"doc":"f.jsonl#x1"`) || strings.Contains(out, `\"id\"`) {
		t.Errorf("clean --json f.jsonl: want one cleaned line per feed line, got %s", out)
	}
	code, out, _ = runCLI("explain", f)
	if code != 0 || !strings.Contains(out, "=== f.jsonl#x1") || !strings.Contains(out, "=== f.jsonl#x2") || strings.Contains(out, `"published"`) {
		t.Errorf("explain f.jsonl: want every line explained as a document:\n%s", out)
	}
	code, out, _ = runCLI("explain", f+"#x1")
	if code != 0 || !strings.Contains(out, "Derbent") || strings.Contains(out, "Makhachkala") || strings.Contains(out, "===") {
		t.Errorf("explain f.jsonl#x1: exit %d:\n%s", code, out)
	}
	code, _, stderr = runCLI("explain", f+"#nope")
	if code != 1 || !strings.Contains(stderr, `no line with id "nope"`) {
		t.Errorf("explain f.jsonl#nope: exit %d: %s", code, stderr)
	}
}

// eval and dataset score find golden files by one rule: --golden, default
// ./golden in the working directory; the help says so.
func TestGoldenDefault(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	corpus, gold := abs("../../corpus"), abs("../../golden")
	o := filepath.Join(t.TempDir(), "out.jsonl")
	db := filepath.Join(t.TempDir(), "d.db")
	if code, _, stderr := runCLI("run", "-q", "-o", o, corpus); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI("ingest", "--db", db, corpus); code != 0 {
		t.Fatal(stderr)
	}
	work := t.TempDir()
	if err := os.Symlink(gold, filepath.Join(work, "golden")); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(work); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if code, out, stderr := runCLI("eval", "--predicted", o); code != 0 || !strings.Contains(out, "incidents ") {
		t.Errorf("eval without --golden in a folder with golden/: exit %d: %s", code, stderr)
	}
	if code, out, stderr := runCLI("dataset", "score", "--db", db); code != 0 || !strings.Contains(out, "clustering") {
		t.Errorf("dataset score without --golden in a folder with golden/: exit %d: %s", code, stderr)
	}
	for _, cmd := range [][]string{{"help", "eval"}, {"help", "dataset", "score"}} {
		_, out, _ := runCLI(cmd...)
		if out = strings.Join(strings.Fields(out), " "); !strings.Contains(out, "default: ./golden") || !strings.Contains(out, "relative to the working directory") {
			t.Errorf("%v does not state the rule:\n%s", cmd, out)
		}
	}
}

// eval scores several labelled sets in one call: a line per set first.
func TestEvalSets(t *testing.T) {
	code, out, stderr := runCLI("eval", "--set", "seeds=../../corpus:../../golden", "--set", "again=../../corpus:../../golden", "--workers", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "set ") || !strings.HasPrefix(lines[1], "seeds ") || !strings.HasPrefix(lines[2], "again ") {
		t.Fatalf("want a header and a line per set first:\n%s", out)
	}
	if f := strings.Fields(lines[1]); len(f) != 5 || f[4] != strings.Fields(lines[2])[4] {
		t.Errorf("one set scored twice gives two figures: %q %q", lines[1], lines[2])
	}
	_, single, _ := runCLI("eval", "--golden", "../../golden", "../../corpus")
	for _, l := range strings.Split(single, "\n") {
		if strings.HasPrefix(l, "core ") && !strings.Contains(out, "\n"+l+"\n") {
			t.Errorf("the set's details differ from a plain eval: %q", l)
		}
	}
	if code, _, stderr := runCLI("eval", "--set", "bad"); code != 2 || !strings.Contains(stderr, "NAME=DOCS:GOLDEN") {
		t.Errorf("--set bad: exit %d: %s", code, stderr)
	}
	if code, out, _ := runCLI("eval", "--json", "--set", "seeds=../../corpus:../../golden"); code != 0 || !strings.Contains(out, `"seeds": {`) {
		t.Errorf("--json --set: exit %d: %.200s", code, out)
	}
}

// dataset export --format geojson places every incident with a place,
// region or country (regions and countries at their seat and capital).
func TestGeoJSONExportPlacesRegionsAndCountries(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "d.db")
	if code, _, stderr := runCLI("ingest", "--db", db, "../../corpus"); code != 0 {
		t.Fatal(stderr)
	}
	code, rows, stderr := runCLI("dataset", "export", "--db", db)
	if code != 0 {
		t.Fatal(stderr)
	}
	located := 0
	for _, line := range strings.Split(strings.TrimSpace(rows), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r["place"] != nil || r["region"] != nil || r["country"] != nil {
			located++
		}
	}
	code, out, stderr := runCLI("dataset", "export", "--db", db, "--format", "geojson")
	if code != 0 {
		t.Fatal(stderr)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				GeoPrecision string `json:"geo_precision"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil {
		t.Fatal(err)
	}
	precisions := map[string]int{}
	for _, f := range fc.Features {
		precisions[f.Properties.GeoPrecision]++
	}
	if located == 0 || len(fc.Features) != located || precisions["region"] == 0 || precisions["country"] == 0 {
		t.Errorf("%d features for %d located incidents, by precision %v", len(fc.Features), located, precisions)
	}
}

// A value no rule set shows, beside its sentence, what the rules did
// there: the nearest rules that did not fire.
func TestEvalNamesTheNearestRules(t *testing.T) {
	dir := t.TempDir()
	docs, gold := filepath.Join(dir, "docs"), filepath.Join(dir, "golden")
	for _, d := range []string{filepath.Join(docs, "t"), gold} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The second sentence's wounded have no verb the rules know.
	text := "On 3 May 2019 gunmen killed two policemen in Quetta. Four passers-by got shrapnel in the legs."
	if err := os.WriteFile(filepath.Join(docs, "t", "a.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	g := `[{"category":"attack","date":"2019-05-03","place":"Quetta","region":"Balochistan","country":"Pakistan","perpetrator":null,"killed":2,"injured":4,"perpetrators_killed":null,"arrested":null,"weapons":[],"targets":["police"],"quote":"Four passers-by got shrapnel in the legs"}]`
	if err := os.WriteFile(filepath.Join(gold, "t__a.txt.json"), []byte(g), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI("eval", "--set", "t="+docs+":"+gold)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "injured missing") {
			line = l
		}
	}
	if !strings.Contains(line, "near=no count read") || !strings.Contains(line, "Four passers-by") {
		t.Errorf("the missing toll names no nearest rule:\n%s", out)
	}
}
