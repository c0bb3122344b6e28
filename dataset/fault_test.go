package dataset

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"incidentkit/pipeline"
	"incidentkit/rules"
)

// ingestPaths ingests paths and collects the failures reported, one line each.
func ingestPaths(t *testing.T, s *Store, e env, paths ...string) (Summary, []string, error) {
	t.Helper()
	var fails []string
	sum, err := s.Ingest(context.Background(), e.eng, e.version, paths, Options{Workers: 2, OnFail: func(name string, err error) {
		fails = append(fails, filepath.Base(name)+": "+err.Error())
	}})
	return sum, fails, err
}

const faultArticle = "On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan."

// A feed line published "9999-12-31T23:00:00-05:00" (year 10000 in UTC)
// was stored as such; the merge then failed to parse it and left no
// incident, and every later ingest failed. The date is no date: the line
// is stored undated with a note, the merge holds, a rerun is clean.
func TestFarPublishedDateKeepsMerge(t *testing.T) {
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	feed := filepath.Join(dir, "feed.jsonl")
	line := func(id, published string) string {
		return `{"id": "` + id + `", "text": "` + faultArticle + `", "published": "` + published + `"}` + "\n"
	}
	if err := os.WriteFile(feed, []byte(line("far", "9999-12-31T23:00:00-05:00")+line("ok", "2025-05-06")), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, filepath.Join(dir, "d.db"))
	sum, fails, err := ingestPaths(t, s, e, feed)
	if err != nil {
		t.Fatal(err)
	}
	if len(fails) != 1 || !strings.Contains(fails[0], "note: published") || sum.Added != 2 || sum.Counts.Incidents == 0 {
		t.Fatalf("first ingest: %+v, failures %q", sum, fails)
	}
	sum, fails, err = ingestPaths(t, s, e, feed)
	if err != nil || len(fails) != 0 || sum.Unchanged != 2 {
		t.Errorf("second ingest: %+v, %q, %v", sum, fails, err)
	}

	// A store written before the bound holds the year 10000 already: the
	// rebuild and its merge read it as no date.
	if _, err := s.db.Exec(`UPDATE documents SET published = '10000-01-01T04:00:00Z' WHERE id LIKE '%far'`); err != nil {
		t.Fatal(err)
	}
	sum, err = s.Rebuild(context.Background(), e.eng, e.version, Options{Workers: 2})
	if err != nil || sum.Counts.Incidents == 0 {
		t.Errorf("rebuild over a stored year 10000: %+v, %v", sum, err)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM records WHERE json LIKE '%10000%' OR date LIKE '1000%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d records dated from year 10000 (%v)", n, err)
	}
}

// copyFile copies a store's file, for faults done to a copy.
func copyFile(t *testing.T, from, to string) []byte {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// oneLine checks that err is one line that names the store.
func oneLine(t *testing.T, what string, err error, path string) {
	t.Helper()
	switch {
	case err == nil:
		t.Errorf("%s: no error", what)
	case strings.Contains(err.Error(), "\n"):
		t.Errorf("%s: error of more than one line: %q", what, err)
	case !strings.Contains(err.Error(), filepath.Base(path)):
		t.Errorf("%s: error %q does not name %s", what, err, path)
	}
}

// A store that is not one (garbage, a truncated copy, a newer schema) is
// refused in one line naming it, and left as it was: nothing committed is
// lost to the attempt.
func TestDamagedStoresRefused(t *testing.T) {
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s := openStore(t, good)
	ingest(t, s, e, Options{})
	want := dump(t, s)
	s.Close()

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database at all\n", 400)), 0o644); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.db")
	data := copyFile(t, good, truncated)
	if err := os.WriteFile(truncated, data[:len(data)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	future := filepath.Join(dir, "future.db")
	copyFile(t, good, future)
	fut := openStore(t, future)
	if _, err := fut.db.Exec(`PRAGMA user_version = 99`); err != nil {
		t.Fatal(err)
	}
	fut.Close()

	for _, path := range []string{garbage, truncated, future} {
		before, _ := os.ReadFile(path)
		st, err := Open(path)
		if err == nil {
			// SQLite reads pages lazily: a truncated file may open, and
			// fail on its first full read.
			_, _, err = ingestPaths(t, st, e, corpusDir)
			if err == nil {
				_, err = st.Counts(context.Background())
			}
			st.Close()
		}
		t.Logf("%s: %v", filepath.Base(path), err)
		oneLine(t, filepath.Base(path), err, path)
		if after, _ := os.ReadFile(path); path != truncated && !bytes.Equal(before, after) {
			t.Errorf("%s: changed by the refused open", filepath.Base(path))
		}
	}
	// The store the copies were made from holds what it held.
	s = openStore(t, good)
	if dump(t, s) != want {
		t.Error("the good store changed")
	}
}

// A read-only store: the ingest fails in one line, and what it holds stays.
func TestReadOnlyStore(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes read-only files")
	}
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	path := filepath.Join(dir, "d.db")
	s := openStore(t, path)
	ingest(t, s, e, Options{})
	want := dump(t, s)
	s.Close()
	Remove(path + "-wal")
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	seeds := t.TempDir()
	if err := os.WriteFile(filepath.Join(seeds, "new.txt"), []byte(faultArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path)
	if err == nil {
		_, _, err = ingestPaths(t, st, e, seeds)
		st.Close()
	}
	oneLine(t, "read-only", err, path)
	os.Chmod(dir, 0o755)
	os.Chmod(path, 0o644)
	if got := dump(t, openStore(t, path)); got != want {
		t.Error("the read-only store changed")
	}
}

// Hostile metadata (a file named as a formula, a sidecar whose every field
// is one, quotes, newlines, NULs and invalid bytes) is stored and exported
// without harm: the ingest holds, every CSV cell a spreadsheet would run is
// neutralised (a leading ', as OWASP recommends), and the CSV reads back.
func TestHostileMetadata(t *testing.T) {
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	name := `=HYPERLINK("https:evil.example","x")`
	files := map[string]string{
		name + ".txt":       faultArticle,
		name + ".meta.json": `{"title": "=1+1\n\"quoted\"\u0000", "url": "@SUM(A1)", "source": "+cmd|' /C calc'!A0", "published": "2025-05-06"}`,
		"-2+3.txt":          faultArticle,
		"tab.txt":           faultArticle,
		"tab.meta.json":     `{"title": "\tTab", "source": "\rCR", "url": "-1"}`,
		"feed.jsonl":        `{"id": "=cmd", "text": "` + faultArticle + `", "title": "@x", "published": "2025-05-06"}` + "\n",
	}
	for f, text := range files {
		if err := os.WriteFile(filepath.Join(in, f), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := openStore(t, filepath.Join(dir, "d.db"))
	sum, fails, err := ingestPaths(t, s, e, in)
	if err != nil || len(fails) != 0 || sum.Added != 4 || sum.Counts.Incidents == 0 {
		t.Fatalf("ingest: %+v, failures %q, %v", sum, fails, err)
	}
	layout, err := LoadLayout(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := s.Export(context.Background(), &b, ExportOptions{Format: "csv", Layout: layout}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	if len(rows) < 2 {
		t.Fatalf("%d CSV rows", len(rows))
	}
	seen := false
	for _, row := range rows[1:] {
		for i, cell := range row {
			if strings.Contains(cell, "HYPERLINK") {
				seen = true
			}
			if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				continue
			}
			if _, err := strconv.ParseFloat(cell, 64); err != nil {
				t.Errorf("column %s: cell %q would run as a formula", rows[0][i], cell)
			}
		}
	}
	if !seen {
		t.Error("no cell names the hostile file: the test tests nothing")
	}
}

// TestKillAtRandomPoints kills (SIGKILL) child processes at random moments
// of an ingest and of a rebuild; after each kill the store opens, holds
// every document committed before it, and a rerun gives the store an
// uninterrupted run gives.
func TestKillAtRandomPoints(t *testing.T) {
	if spec := os.Getenv("DATASET_RANDOM_KILL_CHILD"); spec != "" {
		randomKillChild(spec)
		return
	}
	if testing.Short() {
		t.Skip("starts child processes")
	}
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	whole := openStore(t, filepath.Join(dir, "whole.db"))
	ingest(t, whole, e, Options{})
	want := dump(t, whole)
	docs, err := whole.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	whole.Close()

	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	for i, mode := range []string{"ingest", "ingest", "rebuild", "rebuild"} {
		path := filepath.Join(dir, fmt.Sprintf("killed%d.db", i))
		if mode == "rebuild" {
			copyFile(t, filepath.Join(dir, "whole.db"), path)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillAtRandomPoints$")
		cmd.Env = append(os.Environ(), "DATASET_RANDOM_KILL_CHILD="+mode+":"+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		for sc.Scan() && sc.Text() != "started" {
		}
		delay := time.Duration(rnd.IntN(1500)) * time.Millisecond
		time.Sleep(delay)
		cmd.Process.Kill()
		cmd.Wait()

		s := openStore(t, path)
		c, err := s.Counts(context.Background())
		if err != nil {
			t.Fatalf("%s killed after %v: %v", mode, delay, err)
		}
		if mode == "rebuild" && c.Documents != docs.Documents {
			t.Errorf("rebuild killed after %v: %d documents, want %d", delay, c.Documents, docs.Documents)
		}
		if mode == "rebuild" {
			if _, err := s.Rebuild(context.Background(), e.eng, e.version, Options{Workers: 2}); err != nil {
				t.Fatal(err)
			}
		} else {
			ingest(t, s, e, Options{})
		}
		if got := dump(t, s); got != want {
			t.Errorf("%s killed after %v, then rerun: the store differs from an uninterrupted run", mode, delay)
		}
		s.Close()
	}
}

// randomKillChild runs an ingest or a rebuild ("MODE:PATH") until killed.
func randomKillChild(spec string) {
	mode, path, _ := strings.Cut(spec, ":")
	fsys := rules.Defaults()
	eng, err := pipeline.New(fsys)
	if err != nil {
		os.Exit(3)
	}
	v, _ := RulesVersion(fsys)
	s, err := Open(path)
	if err != nil {
		os.Exit(3)
	}
	fmt.Println("started")
	// Never outlive a parent that died before its kill.
	time.AfterFunc(time.Minute, func() { os.Exit(4) })
	for {
		if mode == "rebuild" {
			s.Rebuild(context.Background(), eng, v, Options{Workers: 1})
		} else {
			s.Ingest(context.Background(), eng, v, []string{corpusDir}, Options{Workers: 1})
			s.Rebuild(context.Background(), eng, v, Options{Workers: 1})
		}
	}
}
