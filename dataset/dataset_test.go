package dataset

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"incidentkit/pipeline"
	"incidentkit/rules"
)

const (
	corpusDir = "../corpus"
	goldenDir = "../golden"
	// clusterF1Floor: measured 0.983 on the seed corpus (29 of 30 golden
	// pairs, no false pair); the margin leaves room for extraction changes.
	clusterF1Floor = 0.97
)

type env struct {
	eng     *pipeline.Engine
	version string
}

func loadEnv(t testing.TB, fsys fs.FS) env {
	t.Helper()
	eng, err := pipeline.New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	v, err := RulesVersion(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return env{eng, v}
}

func openStore(t testing.TB, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func dump(t testing.TB, s *Store) string {
	t.Helper()
	d, err := s.Dump(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func exportAll(t testing.TB, s *Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	layout, err := LoadLayout(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Formats() {
		var b bytes.Buffer
		if _, err := s.Export(context.Background(), &b, ExportOptions{Format: f, Layout: layout}); err != nil {
			t.Fatal(err)
		}
		out[f] = b.Bytes()
	}
	return out
}

func ingest(t testing.TB, s *Store, e env, opt Options) Summary {
	t.Helper()
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	opt.OnFail = func(name string, err error) { t.Errorf("%s: %v", name, err) }
	sum, err := s.Ingest(context.Background(), e.eng, e.version, []string{corpusDir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestCorpus: clustering quality against the golden clusters, an idempotent
// second ingest, and byte-identical exports across rebuilds.
func TestCorpus(t *testing.T) {
	ctx := context.Background()
	e := loadEnv(t, rules.Defaults())
	s := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	first := ingest(t, s, e, Options{})
	if first.Added == 0 || !first.Merged || first.Counts.Incidents == 0 {
		t.Fatalf("first ingest: %+v", first)
	}
	sc, err := s.ScoreGolden(ctx, testSchema(t), goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("clustering: golden %d found %d; pairs golden %d ours %d agree %d; P %.3f R %.3f F1 %.3f",
		sc.Golden, sc.Found, sc.GoldPairs, sc.OurPairs, sc.Agree, sc.Precision, sc.Recall, sc.F1)
	if sc.F1 < clusterF1Floor {
		t.Errorf("clustering F1 %.3f < %.2f", sc.F1, clusterF1Floor)
	}

	before, exp := dump(t, s), exportAll(t, s)
	second := ingest(t, s, e, Options{})
	if second.Added != 0 || second.Updated != 0 || second.Records != 0 || second.Merged || second.Unchanged != first.Added {
		t.Errorf("second ingest changed something: %+v", second)
	}
	if dump(t, s) != before {
		t.Error("second ingest changed the database")
	}

	var rebuilt []map[string][]byte
	for range 2 {
		if _, err := s.Rebuild(ctx, e.eng, e.version, Options{Workers: 2}); err != nil {
			t.Fatal(err)
		}
		rebuilt = append(rebuilt, exportAll(t, s))
	}
	for _, f := range Formats() {
		if !bytes.Equal(rebuilt[0][f], rebuilt[1][f]) {
			t.Errorf("%s: two rebuilds differ", f)
		}
		if !bytes.Equal(exp[f], rebuilt[0][f]) {
			t.Errorf("%s: rebuild with the same rules changed the export", f)
		}
		if len(rebuilt[0][f]) == 0 {
			t.Errorf("%s: empty export", f)
		}
	}
	if dump(t, s) != before {
		t.Error("rebuild with the same rules changed the database")
	}
}

// TestCancelResume: a run stopped after its first commit, then rerun, gives
// the database an uninterrupted run gives.
func TestCancelResume(t *testing.T) {
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	whole := openStore(t, filepath.Join(dir, "whole.db"))
	ingest(t, whole, e, Options{})
	want := dump(t, whole)

	s := openStore(t, filepath.Join(dir, "part.db"))
	ctx, cancel := context.WithCancel(context.Background())
	sum, err := s.Ingest(ctx, e.eng, e.version, []string{corpusDir}, Options{Workers: 1, OnCommit: func(string) { cancel() }})
	if err == nil {
		t.Fatal("cancelled ingest reported no error")
	}
	if sum.Added != 1 || sum.Merged {
		t.Fatalf("cancelled ingest: %+v", sum)
	}
	resumed := ingest(t, s, e, Options{})
	if resumed.Unchanged != 1 || !resumed.Merged {
		t.Errorf("resumed ingest: %+v", resumed)
	}
	if got := dump(t, s); got != want {
		t.Errorf("resumed database differs from an uninterrupted run")
	}
}

// TestKillResume kills (SIGKILL) a child process ingesting into a database
// once it has committed a document, reruns the ingest and compares the
// database with an uninterrupted run.
func TestKillResume(t *testing.T) {
	if path := os.Getenv("DATASET_KILL_CHILD_DB"); path != "" {
		killChild(path)
		return
	}
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	whole := openStore(t, filepath.Join(dir, "whole.db"))
	ingest(t, whole, e, Options{})
	want := dump(t, whole)

	path := filepath.Join(dir, "killed.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillResume$")
	cmd.Env = append(os.Environ(), "DATASET_KILL_CHILD_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	committed := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "committed ") {
			committed = true
			break
		}
	}
	cmd.Process.Kill() // SIGKILL: no defer, no cleanup runs in the child
	cmd.Wait()
	if !committed {
		t.Fatal("child committed nothing before it ended")
	}
	s := openStore(t, path)
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.Documents == 0 || c.Documents >= 5 {
		t.Logf("killed run left %d documents", c.Documents)
	}
	resumed := ingest(t, s, e, Options{})
	if resumed.Unchanged == 0 || !resumed.Merged {
		t.Errorf("resumed ingest: %+v", resumed)
	}
	if got := dump(t, s); got != want {
		t.Errorf("resumed database differs from an uninterrupted run")
	}
}

// killChild ingests slowly, announcing each commit, until it is killed.
func killChild(path string) {
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
	s.Ingest(context.Background(), eng, v, []string{corpusDir}, Options{Workers: 1, OnCommit: func(doc string) {
		fmt.Printf("committed %s\n", doc)
		time.Sleep(2 * time.Second) // the parent kills us here, mid-run
	}})
	os.Exit(0)
}

// TestRuleChange renames a group in a copy of the rules: a rebuild changes
// exactly the incidents that group is named on, and nothing else.
func TestRuleChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	rulesDir := filepath.Join(dir, "rules")
	if err := os.CopyFS(rulesDir, rules.Defaults()); err != nil {
		t.Fatal(err)
	}
	aliases := filepath.Join(rulesDir, "groups.yaml")
	data, err := os.ReadFile(aliases)
	if err != nil {
		t.Fatal(err)
	}
	const old, renamed = "- name: Caucasus Emirate", "- name: Imarat Kavkaz"
	if !bytes.Contains(data, []byte(old)) {
		t.Fatal("groups.yaml no longer names Caucasus Emirate")
	}
	s := openStore(t, filepath.Join(dir, "d.db"))
	ingest(t, s, loadEnv(t, os.DirFS(rulesDir)), Options{})
	before := exportAll(t, s)["jsonl"]
	if !bytes.Contains(before, []byte(`"Caucasus Emirate"`)) {
		t.Skip("no incident names Caucasus Emirate")
	}

	// The group's own name and its provinces' parent: the aliases still
	// hold "Caucasus Emirate", so the same text finds the renamed group.
	data = bytes.Replace(data, []byte(old), []byte(renamed), 1)
	data = bytes.ReplaceAll(data, []byte("parent: Caucasus Emirate"), []byte("parent: Imarat Kavkaz"))
	if err := os.WriteFile(aliases, data, 0o644); err != nil {
		t.Fatal(err)
	}
	e := loadEnv(t, os.DirFS(rulesDir))
	// Ingest alone sees the new rules version and re-extracts everything.
	sum := ingest(t, s, e, Options{})
	if sum.Updated == 0 || sum.Unchanged != 0 {
		t.Errorf("ingest after a rule change: %+v", sum)
	}
	if _, err := s.Rebuild(ctx, e.eng, e.version, Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	after := exportAll(t, s)["jsonl"]
	bl, al := strings.Split(string(before), "\n"), strings.Split(string(after), "\n")
	if len(bl) != len(al) {
		t.Fatalf("incident count changed: %d -> %d", len(bl), len(al))
	}
	changed := 0
	for i := range bl {
		if bl[i] == al[i] {
			continue
		}
		changed++
		if strings.Replace(bl[i], `"Caucasus Emirate"`, `"Imarat Kavkaz"`, 1) != al[i] {
			t.Errorf("incident changed beyond the renamed group:\n%s\n%s", bl[i], al[i])
		}
	}
	if changed == 0 {
		t.Error("renaming the group changed no incident")
	}
}

// TestConflictPolicy: the most specific value wins, then the most recently
// published source; differing tolls are flagged, refinements are not.
func TestConflictPolicy(t *testing.T) {
	day := func(d string) time.Time { t, _ := time.Parse("2006-01-02", d); return t }
	sc := testSchema(t)
	rec := func(doc, id string, kv ...any) pipeline.Record {
		f := pipeline.NewFields(sc)
		for i := 0; i+1 < len(kv); i += 2 {
			switch v := kv[i+1].(type) {
			case string:
				f.PutText(kv[i].(string), &v)
			case int:
				f.PutCount(kv[i].(string), &v)
			}
		}
		return pipeline.Record{Doc: doc, ID: id, Fields: f}
	}
	ms := []member{
		{rec: rec("a", "1", "category", "attack", "date", "2024-03", "region", "Moscow Oblast", "country", "Russia", "perpetrator", "Islamic State", "killed", 149), published: day("2024-03-23")},
		{rec: rec("b", "2", "category", "attack", "date", "2024-03-22", "place", "Krasnogorsk", "region", "Moscow Oblast", "country", "Russia", "perpetrator", "Islamic State – Khorasan Province", "killed", 145), published: day("2024-04-01")},
		{rec: rec("c", "3", "category", "attack", "date", "2024-03-22", "region", "Moscow Oblast", "country", "Russia", "killed", 140), published: day("2024-03-22")},
		{rec: rec("d", "4", "category", "attack", "date", "2024-03-22", "region", "Dagestan", "country", "Russia")},
	}
	k := newKnowledge(sc, []rules.Group{{Name: "Islamic State – Khorasan Province", Parent: "Islamic State"}}, nil)
	for i := range ms {
		ms[i].v = k.view(&ms[i].rec)
	}
	incs := Cluster(ms, k)
	if len(incs) != 2 {
		t.Fatalf("want 2 incidents, got %d", len(incs))
	}
	inc := incs[0]
	if len(inc.Sources) != 3 {
		t.Fatalf("want 3 sources, got %+v", inc.Sources)
	}
	if f := inc.Fields; f.Format("date") != "2024-03-22" || f.Format("place") != "Krasnogorsk" || f.Format("perpetrator") != "Islamic State – Khorasan Province" {
		t.Errorf("canonical: %s", f)
	}
	if k := inc.Fields.Format("killed"); k != "145" { // b is the most recently published
		t.Errorf("killed %s, want 145", k)
	}
	if len(inc.Conflicts["killed"]) != 3 {
		t.Errorf("killed conflict: %+v", inc.Conflicts)
	}
	for _, f := range []string{"date", "perpetrator", "place"} {
		if _, ok := inc.Conflicts[f]; ok {
			t.Errorf("%s flagged as a conflict", f)
		}
	}
}

func testSchema(t testing.TB) *rules.Schema {
	t.Helper()
	s, err := rules.LoadSchema(rules.Defaults(), "fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
