// Package dataset keeps the incident dataset: an embedded SQLite store of
// documents, their records and the canonical incidents merged across
// documents, filled incrementally (Ingest), regenerated when rules change
// (Rebuild) and exported for analysis tools (Export*).
//
// Flow: cmd/extract -> dataset -> pipeline. The store never extracts; it
// asks a pipeline.Engine for records and keeps what it is given.
package dataset

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite driver: no cgo, one static binary

	"incidentkit/extractors/dates"
	"incidentkit/pipeline"
)

// DefaultPath is where the dataset lives when --db is not given.
const DefaultPath = "data/incidents.db"

// migrations are applied in order; PRAGMA user_version holds how many have
// run. Append only: a released migration is never edited, so every database
// reaches the same schema by the same steps.
func migrations() []string {
	return []string{
		// 1: documents, records, canonical incidents, metadata.
		`CREATE TABLE documents (
			id            TEXT PRIMARY KEY,
			hash          TEXT NOT NULL,
			rules_version TEXT NOT NULL,
			html          INTEGER NOT NULL,
			published     TEXT NOT NULL,
			title         TEXT NOT NULL,
			url           TEXT NOT NULL,
			source        TEXT NOT NULL,
			raw           BLOB NOT NULL,
			cleaned       TEXT NOT NULL
		);
		CREATE TABLE records (
			doc       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
			seq       INTEGER NOT NULL,
			id        TEXT NOT NULL,
			category  TEXT NOT NULL,
			date      TEXT,
			json      TEXT NOT NULL,
			PRIMARY KEY (doc, seq)
		);
		CREATE TABLE incidents (
			id    TEXT PRIMARY KEY,
			seq   INTEGER NOT NULL UNIQUE,
			json  TEXT NOT NULL
		);
		CREATE TABLE incident_sources (
			incident  TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
			doc       TEXT NOT NULL,
			record    TEXT NOT NULL,
			PRIMARY KEY (incident, doc, record)
		);
		CREATE TABLE meta (
			key   TEXT PRIMARY KEY,
			value TEXT NOT NULL
		);`,
		// 2: the file each document was read from, so an ingest that would
		// replace it with another file's document under the same id says so.
		`ALTER TABLE documents ADD COLUMN path TEXT NOT NULL DEFAULT '';`,
		// 3: incremental merge. Records get a stable uid (a re-extracted
		// record is a new one), the blocking columns the merge looks
		// candidates up by, the view it clusters on, and the incident it
		// was merged into (NULL: not merged yet). Records replaced since the
		// last merge wait in retired with their old incident. Incidents are
		// ordered by a key instead of a dense seq, so that one can be
		// rewritten alone. The migrated incidents stay readable in their old
		// order until the next merge, which re-merges everything (no
		// merged_rules_version).
		`CREATE TABLE records2 (
			uid       INTEGER PRIMARY KEY AUTOINCREMENT,
			doc       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
			seq       INTEGER NOT NULL,
			id        TEXT NOT NULL,
			category  TEXT NOT NULL,
			date      TEXT,
			json      TEXT NOT NULL,
			family    TEXT NOT NULL DEFAULT '',
			country   TEXT NOT NULL DEFAULT '',
			place     TEXT,
			view      TEXT NOT NULL DEFAULT '{}',
			incident  TEXT,
			UNIQUE (doc, seq)
		);
		INSERT INTO records2 (doc, seq, id, category, date, json)
			SELECT doc, seq, id, category, date, json FROM records ORDER BY doc, seq;
		DROP TABLE records;
		ALTER TABLE records2 RENAME TO records;
		CREATE INDEX records_block ON records (family, country, date);
		CREATE INDEX records_place ON records (family, country, place);
		CREATE INDEX records_incident ON records (incident);
		CREATE INDEX records_pending ON records (family, country) WHERE incident IS NULL;
		CREATE TABLE retired (
			uid       INTEGER PRIMARY KEY,
			family    TEXT NOT NULL,
			country   TEXT NOT NULL,
			date      TEXT,
			place     TEXT,
			incident  TEXT NOT NULL
		);
		CREATE INDEX retired_chunk ON retired (family, country);
		CREATE TABLE incidents2 (
			id       TEXT PRIMARY KEY,
			ord      TEXT NOT NULL,
			family   TEXT NOT NULL,
			country  TEXT NOT NULL,
			json     TEXT NOT NULL
		);
		INSERT INTO incidents2 (id, ord, family, country, json)
			SELECT id, printf('%012d', seq), '', '', json FROM incidents;
		DROP TABLE incident_sources;
		DROP TABLE incidents;
		ALTER TABLE incidents2 RENAME TO incidents;
		CREATE INDEX incidents_order ON incidents (ord, id);
		DELETE FROM meta WHERE key IN ('dirty', 'merged_rules_version');`,
	}
}

// Store is an open dataset database.
type Store struct {
	db *sql.DB
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date.
func Open(path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
	}
	// WAL with synchronous=FULL: a commit is on disk when Commit returns, and
	// a process killed at any point leaves the last committed state.
	// Transactions take the write lock when they begin (_txlock=immediate):
	// a merge reads the pending records and writes their incidents under
	// one lock, so another process's commit lands before or after it, never
	// in between (README, "Concurrent runs").
	dsn := "file:" + path + "?_pragma=busy_timeout(60000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("dataset: open %s: %w", path, err)
	}
	// SQLite has one writer; one connection keeps transactions simple and
	// makes every statement see the last commit.
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate() error {
	var v int
	if err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	ms := migrations()
	if v > len(ms) {
		return fmt.Errorf("schema version %d is newer than this program (%d)", v, len(ms))
	}
	for i := v; i < len(ms); i++ {
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ms[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		// PRAGMA takes no placeholders; i is ours, not input.
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// SchemaVersion reports how many migrations the database has.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.QueryRow(`PRAGMA user_version`).Scan(&v)
	return v, err
}

// stored returns the content hash, rules version and source path a
// document was last extracted with; ok is false for a document the store
// has not seen.
func (s *Store) stored(ctx context.Context, id string) (hash, version, path string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT hash, rules_version, path FROM documents WHERE id = ?`, id).Scan(&hash, &version, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", "", false, nil
	}
	if err != nil {
		return "", "", "", false, fmt.Errorf("dataset: look up %s: %w", id, err)
	}
	return hash, version, path, true, nil
}

// putDocument replaces a document, read from source (its file, for the
// same-id check of Ingest), and its records in one transaction. The new
// records wait for the merge (incident NULL); the ones they replace move to
// retired with the incident they were in, so the merge knows which
// incidents to redo. A run killed after this commit finds the document done
// and still merges on its rerun.
func (s *Store) putDocument(ctx context.Context, k Knowledge, doc pipeline.Document, source, hash, version string, res pipeline.Result) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", doc.ID, err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`INSERT INTO retired (uid, family, country, date, place, incident)
			SELECT uid, family, country, date, place, incident FROM records WHERE doc = ? AND incident IS NOT NULL`,
		`DELETE FROM records WHERE doc = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, doc.ID); err != nil {
			return fmt.Errorf("dataset: %s: %w", doc.ID, err)
		}
	}
	html := 0
	if doc.HTML {
		html = 1
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO documents (id, hash, rules_version, html, published, title, url, source, raw, cleaned, path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, rules_version = excluded.rules_version,
			html = excluded.html, published = excluded.published, title = excluded.title, url = excluded.url,
			source = excluded.source, raw = excluded.raw, cleaned = excluded.cleaned, path = excluded.path`,
		doc.ID, hash, version, html, formatTime(doc.Published), doc.Title, doc.URL, doc.Source, doc.Raw, res.Cleaned.Text, source)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", doc.ID, err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO records (doc, seq, id, category, date, json, family, country, place, view)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("dataset: %s: %w", doc.ID, err)
	}
	defer ins.Close()
	for i, r := range res.Records {
		js, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("dataset: %s: record %d: %w", doc.ID, i, err)
		}
		b := k.blocking(&r)
		if _, err := ins.ExecContext(ctx, doc.ID, i, r.ID, b.category, b.date, string(js), b.family, b.country, b.place, b.view); err != nil {
			return fmt.Errorf("dataset: %s: record %d: %w", doc.ID, i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dataset: %s: commit: %w", doc.ID, err)
	}
	return nil
}

func setMeta(ctx context.Context, tx *sql.Tx, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

func (s *Store) meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// documentIDs lists the stored documents in id order.
func (s *Store) documentIDs(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM documents ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("dataset: list documents: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// document reads back a stored document as the pipeline takes it.
func (s *Store) document(ctx context.Context, id string) (pipeline.Document, error) {
	var (
		doc       = pipeline.Document{ID: id}
		html      int
		published string
	)
	err := s.db.QueryRowContext(ctx, `SELECT html, published, title, url, source, raw FROM documents WHERE id = ?`, id).
		Scan(&html, &published, &doc.Title, &doc.URL, &doc.Source, &doc.Raw)
	if err != nil {
		return doc, fmt.Errorf("dataset: read %s: %w", id, err)
	}
	doc.HTML = html == 1
	doc.Published, err = parseTime(published)
	if err != nil {
		return doc, fmt.Errorf("dataset: read %s: published: %w", id, err)
	}
	return doc, nil
}

// Counts is how much the store holds.
type Counts struct {
	Documents, Records, Incidents int
}

// Counts counts documents, records and canonical incidents.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM records), (SELECT count(*) FROM incidents)`).
		Scan(&c.Documents, &c.Records, &c.Incidents)
	return c, err
}

// Dump writes every row of every table in key order, one line per row: two
// stores with the same dump hold the same dataset. Tests compare dumps; an
// analyst can diff them.
func (s *Store) Dump(ctx context.Context) (string, error) {
	queries := []string{
		`SELECT 'document', id, hash, rules_version, html, published, title, url, source, hex(raw), cleaned, path FROM documents ORDER BY id`,
		// uid is left out: it numbers commits, not content.
		`SELECT 'record', doc, seq, id, category, coalesce(date, ''), json, family, country, coalesce(place, ''), view, coalesce(incident, '') FROM records ORDER BY doc, seq`,
		`SELECT 'retired', family, country, coalesce(date, ''), coalesce(place, ''), incident FROM retired ORDER BY family, country, date, place, incident`,
		`SELECT 'incident', ord, id, family, country, json FROM incidents ORDER BY ord, id`,
		`SELECT 'meta', key, value FROM meta ORDER BY key`,
	}
	var b strings.Builder
	for _, q := range queries {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return "", fmt.Errorf("dataset: dump: %w", err)
		}
		cols, _ := rows.Columns()
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			for i, v := range vals {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(v.String)
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return "", err
		}
		rows.Close()
	}
	return b.String(), nil
}

// formatTime is how the store keeps a publication date: RFC 3339 in UTC,
// "" for none. A year outside dates.MinYear-MaxYear is no date (RFC 3339
// has four-digit years: year 10000 would not parse back).
func formatTime(t time.Time) string {
	t = t.UTC()
	if t.IsZero() || !dates.InRange(t.Year()) {
		return ""
	}
	return t.Format(time.RFC3339)
}

// parseTime reads what formatTime wrote. A value that is no date, stored by
// an older build or another program, is no date: it must not break the
// merge of every other document.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || !dates.InRange(t.UTC().Year()) {
		return time.Time{}, nil
	}
	return t, nil
}

// EachIncident calls fn with every canonical incident in dataset order
// (date, then id), one at a time as it reads them: memory holds one
// incident whatever the dataset's size. fn must not use the store (its one
// connection is reading); an error from fn stops the walk and is returned.
func (s *Store) EachIncident(ctx context.Context, fn func(Incident) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT json FROM incidents ORDER BY ord, id`)
	if err != nil {
		return fmt.Errorf("dataset: read incidents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var js []byte
		if err := rows.Scan(&js); err != nil {
			return fmt.Errorf("dataset: read incidents: %w", err)
		}
		var inc Incident
		if err := json.Unmarshal(js, &inc); err != nil {
			return fmt.Errorf("dataset: read incidents: %w", err)
		}
		if err := fn(inc); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("dataset: read incidents: %w", err)
	}
	return nil
}

// DocumentIDs lists the stored documents' ids in order.
func (s *Store) DocumentIDs(ctx context.Context) ([]string, error) {
	return s.documentIDs(ctx)
}

// Document reads back a stored document as the pipeline takes it.
func (s *Store) Document(ctx context.Context, id string) (pipeline.Document, error) {
	return s.document(ctx, id)
}

// RecordCounts is the number of records stored for each document.
func (s *Store) RecordCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT doc, count(*) FROM records GROUP BY doc`)
	if err != nil {
		return nil, fmt.Errorf("dataset: count records: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var doc string
		var n int
		if err := rows.Scan(&doc, &n); err != nil {
			return nil, fmt.Errorf("dataset: count records: %w", err)
		}
		out[doc] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dataset: count records: %w", err)
	}
	return out, nil
}
