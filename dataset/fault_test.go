package dataset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
