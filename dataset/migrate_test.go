package dataset

import (
	"bytes"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"incidentkit/rules"
)

// An old database, at schema 1 or at schema 2 (the documents' source path,
// as released builds write it), migrates through every later migration in
// order: its incidents export as before, and the next ingest re-merges
// everything into the same dataset a new store gets.
func TestMigrateOldStore(t *testing.T) {
	e := loadEnv(t, rules.Defaults())
	dir := t.TempDir()
	fresh := openStore(t, filepath.Join(dir, "fresh.db"))
	ingest(t, fresh, e, Options{})
	want := exportAll(t, fresh)
	fresh.Close()

	for _, version := range []int{1, 2} {
		t.Run(fmt.Sprintf("from %d", version), func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("old%d.db", version))
			writeOldStore(t, path, filepath.Join(dir, "fresh.db"), version)
			s := openStore(t, path)
			if v, err := s.SchemaVersion(); err != nil || v != len(migrations()) {
				t.Fatalf("schema version %d (%v), want %d", v, err, len(migrations()))
			}
			// Before any merge: the migrated incidents, in their old order.
			got := exportAll(t, s)
			for f := range want {
				if !bytes.Equal(got[f], want[f]) {
					t.Errorf("%s export of the migrated store differs:\n%s", f, firstDiff(string(got[f]), string(want[f])))
				}
			}
			sum := ingest(t, s, e, Options{})
			t.Logf("ingest after the migration: %+v", sum)
			if !sum.Merged {
				t.Error("the first ingest after the migration merged nothing")
			}
			got = exportAll(t, s)
			for f := range want {
				if !bytes.Equal(got[f], want[f]) {
					t.Errorf("%s export after the re-merge differs:\n%s", f, firstDiff(string(got[f]), string(want[f])))
				}
			}
			if again := ingest(t, s, e, Options{}); again.Added+again.Updated != 0 {
				t.Errorf("a second ingest re-extracted %d documents", again.Added+again.Updated)
			}
		})
	}
}

// writeOldStore writes at path a store at schema version, holding what the
// store at from holds, laid out as that version's schema lays it out.
func writeOldStore(t *testing.T, path, from string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// A schema-2 store keeps each document's source path, a schema-1 one
	// has none.
	docCols := "id, hash, rules_version, html, published, title, url, source, raw, cleaned"
	if version >= 2 {
		docCols += ", path"
	}
	qs := append([]string{}, migrations()[:version]...)
	qs = append(qs,
		fmt.Sprintf(`PRAGMA user_version = %d`, version),
		`ATTACH DATABASE '`+from+`' AS cur`,
		`INSERT INTO documents SELECT `+docCols+` FROM cur.documents`,
		`INSERT INTO records (doc, seq, id, category, date, json) SELECT doc, seq, id, category, date, json FROM cur.records ORDER BY doc, seq`,
		`INSERT INTO incidents (id, seq, json) SELECT id, row_number() OVER (ORDER BY ord, id) - 1, json FROM cur.incidents`,
		`INSERT OR IGNORE INTO incident_sources (incident, doc, record)
			SELECT i.id, json_extract(s.value, '$.doc'), json_extract(s.value, '$.id') FROM cur.incidents i, json_each(i.json, '$.sources') s`,
		// What a merge of those releases left: its rules version, clean.
		`INSERT INTO meta SELECT key, value FROM cur.meta`,
		`INSERT INTO meta (key, value) VALUES ('dirty', '0')`,
		`DETACH DATABASE cur`,
	)
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
