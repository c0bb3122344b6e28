package dataset

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"incidentkit/pipeline"
)

// Merge brings the canonical incidents up to date with the stored records
// and reports whether there was anything to merge. Only the chunks (family
// and country) holding new, changed or removed records are merged, each in
// one transaction that reads what is pending, re-clusters the year blocks
// those records fall in (and the chunk's undated records against the
// clusters at their places), and rewrites only the incidents whose records
// changed; see cluster.go for why that equals clustering everything anew.
//
// full, or rules that changed since the last merge (the merge reads the
// group hierarchy and the gazetteer), re-derive every record's blocking
// columns and merge every chunk from nothing.
func (s *Store) Merge(ctx context.Context, k Knowledge, version string, full bool) (bool, error) {
	return s.merge(ctx, k, version, full, nil)
}

// merge is Merge with a hook that runs inside each chunk's transaction once
// it has read what is pending (tests use it to hold a merge mid-way).
func (s *Store) merge(ctx context.Context, k Knowledge, version string, full bool, hook func()) (bool, error) {
	merged, err := s.meta(ctx, "merged_rules_version")
	if err != nil {
		return false, fmt.Errorf("dataset: merge: %w", err)
	}
	if full || merged != version {
		if err := s.resetMerge(ctx, k, version); err != nil {
			return false, err
		}
	}
	any := false
	// Another process may commit documents while this one merges; it merges
	// them itself when its run ends, but whatever is pending when a pass
	// ends is taken too, until a pass finds nothing.
	for {
		chunks, err := s.pendingChunks(ctx)
		if err != nil {
			return any, err
		}
		progress := false
		for _, c := range chunks {
			did, err := s.mergeChunk(ctx, k, c[0], c[1], hook)
			if err != nil {
				return any, err
			}
			progress = progress || did
		}
		any = any || progress
		if !progress {
			return any, nil
		}
	}
}

// resetMerge drops every incident and marks every record unmerged, with its
// blocking columns derived again under the current rules, in one
// transaction: a run killed after it leaves records that the next merge
// takes as new.
func (s *Store) resetMerge(ctx context.Context, k Knowledge, version string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM incidents`, `DELETE FROM retired`, `UPDATE records SET incident = NULL`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("dataset: merge: %w", err)
		}
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE records SET category = ?, date = ?, family = ?, country = ?, place = ?, view = ? WHERE uid = ?`)
	if err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	defer upd.Close()
	// In batches by uid: a batch is read whole before it is updated, and
	// memory holds one batch.
	type row struct {
		uid int64
		js  string
	}
	last := int64(-1)
	for {
		rows, err := tx.QueryContext(ctx, `SELECT uid, json FROM records WHERE uid > ? ORDER BY uid LIMIT 1000`, last)
		if err != nil {
			return fmt.Errorf("dataset: merge: %w", err)
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.uid, &r.js); err != nil {
				rows.Close()
				return fmt.Errorf("dataset: merge: %w", err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("dataset: merge: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		for _, r := range batch {
			var rec pipeline.Record
			if err := json.Unmarshal([]byte(r.js), &rec); err != nil {
				return fmt.Errorf("dataset: merge: record %d: %w", r.uid, err)
			}
			b := k.blocking(&rec)
			if _, err := upd.ExecContext(ctx, b.category, b.date, b.family, b.country, b.place, b.view, r.uid); err != nil {
				return fmt.Errorf("dataset: merge: record %d: %w", r.uid, err)
			}
		}
		last = batch[len(batch)-1].uid
	}
	if err := setMeta(ctx, tx, "merged_rules_version", version); err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dataset: merge: commit: %w", err)
	}
	return nil
}

// pendingChunks lists the (family, country) chunks with unmerged or
// retired records.
func (s *Store) pendingChunks(ctx context.Context) ([][2]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT family, country FROM records WHERE incident IS NULL
		UNION SELECT family, country FROM retired ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("dataset: merge: %w", err)
	}
	defer rows.Close()
	var out [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			return nil, fmt.Errorf("dataset: merge: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// change is a pending or retired record: where it was or is.
type change struct {
	date, place *string
}

// mergeChunk merges one chunk in one transaction; false when nothing in it
// was pending (another run merged it first).
func (s *Store) mergeChunk(ctx context.Context, k Knowledge, fam, country string, hook func()) (bool, error) {
	fail := func(err error) (bool, error) {
		return false, fmt.Errorf("dataset: merge %s/%s: %w", fam, country, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback()

	// What changed: new records, and the ones they replaced.
	changes, err := queryChanges(ctx, tx, `SELECT date, place FROM records WHERE family = ? AND country = ? AND incident IS NULL`, fam, country)
	if err != nil {
		return fail(err)
	}
	retired, err := queryChanges(ctx, tx, `SELECT date, place FROM retired WHERE family = ? AND country = ?`, fam, country)
	if err != nil {
		return fail(err)
	}
	if len(changes)+len(retired) == 0 {
		return false, nil
	}
	if hook != nil {
		hook()
	}
	dirtyYears := map[string]bool{}
	undatedChanged := false
	var undatedPlaces []string // places of undated records now or before
	for _, c := range append(changes, retired...) {
		if c.date == nil {
			undatedChanged = true
			continue
		}
		dirtyYears[year(*c.date)] = true
	}
	for _, c := range retired {
		if c.date == nil && c.place != nil {
			undatedPlaces = append(undatedPlaces, *c.place)
		}
	}

	// The year blocks that changed, clustered anew.
	years := make([]string, 0, len(dirtyYears))
	for y := range dirtyYears {
		years = append(years, y)
	}
	sort.Strings(years)
	var clusters []*cluster
	for _, y := range years {
		lo, hi := yearRange(y)
		ns, err := loadNodes(ctx, tx, k, `WHERE family = ? AND country = ? AND date >= ? AND date < ?`, fam, country, lo, hi)
		if err != nil {
			return fail(err)
		}
		clusters = append(clusters, k.clusterDated(ns)...)
	}

	// The undated records, against every dated cluster at or near their
	// places: those of the changed years above, and those of the other
	// years as the store has them.
	us, err := loadNodes(ctx, tx, k, `WHERE family = ? AND country = ? AND date IS NULL`, fam, country)
	if err != nil {
		return fail(err)
	}
	if len(us) > 0 || undatedChanged {
		for _, n := range us {
			if n.v.place != nil {
				undatedPlaces = append(undatedPlaces, *n.v.place)
			}
		}
		others, err := s.clustersNear(ctx, tx, k, fam, country, undatedPlaces, dirtyYears)
		if err != nil {
			return fail(err)
		}
		clusters = k.clusterUndated(append(clusters, others...), us)
	}

	// Old incidents of every record taken above, with all their members:
	// a record's old incident lies in its year block, or holds undated
	// records and so sits at an undated record's place (now or before).
	oldMembers := map[string][]int64{}
	for _, c := range clusters {
		for _, n := range c.members {
			if n.old != "" {
				oldMembers[n.old] = append(oldMembers[n.old], n.uid)
			}
		}
	}
	if err := retiredMembers(ctx, tx, fam, country, oldMembers); err != nil {
		return fail(err)
	}
	oldByKey := map[string]string{}
	for id, uids := range oldMembers {
		oldByKey[uidKey(uids)] = id
	}
	var write []*cluster
	keep := map[string]bool{}
	for _, c := range clusters {
		uids := make([]int64, len(c.members))
		for i, n := range c.members {
			uids[i] = n.uid
		}
		if id, ok := oldByKey[uidKey(uids)]; ok {
			keep[id] = true // same records: the same row
			continue
		}
		write = append(write, c)
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM incidents WHERE id = ?`)
	if err != nil {
		return fail(err)
	}
	defer del.Close()
	olds := make([]string, 0, len(oldMembers))
	for id := range oldMembers {
		olds = append(olds, id)
	}
	sort.Strings(olds)
	for _, id := range olds {
		if !keep[id] {
			if _, err := del.ExecContext(ctx, id); err != nil {
				return fail(err)
			}
		}
	}
	for _, c := range write {
		if err := writeIncident(ctx, tx, k, fam, country, c); err != nil {
			return fail(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM retired WHERE family = ? AND country = ?`, fam, country); err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", err))
	}
	return true, nil
}

func queryChanges(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]change, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.date, &c.place); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// loadNodes reads the records a WHERE clause selects, as the clustering
// reads them.
func loadNodes(ctx context.Context, tx *sql.Tx, k Knowledge, where string, args ...any) ([]*node, error) {
	rows, err := tx.QueryContext(ctx, `SELECT uid, doc, seq, view, coalesce(incident, '') FROM records `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*node
	for rows.Next() {
		var (
			n       node
			doc, js string
		)
		if err := rows.Scan(&n.uid, &doc, &n.seq, &js, &n.old); err != nil {
			return nil, err
		}
		if n.v, err = k.readView(doc, js); err != nil {
			return nil, err
		}
		n.prec = datePrecision(n.v.date)
		out = append(out, &n)
	}
	return out, rows.Err()
}

// clustersNear reads, as the store has them, the dated clusters outside the
// changed years that have a member at or within nearKm of one of places:
// the only clusters of those years an undated record there may join.
func (s *Store) clustersNear(ctx context.Context, tx *sql.Tx, k Knowledge, fam, country string, places []string, dirtyYears map[string]bool) ([]*cluster, error) {
	if len(places) == 0 {
		return nil, nil
	}
	targets := map[string]*view{}
	for _, p := range places {
		if _, ok := targets[p]; !ok {
			v := view{place: &p, country: &country}
			k.locateView(&v)
			targets[p] = &v
		}
	}
	// Every place the chunk names, kept when it is one of places or near one.
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT place FROM records WHERE family = ? AND country = ? AND place IS NOT NULL AND date IS NOT NULL`, fam, country)
	if err != nil {
		return nil, err
	}
	var near []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		if isNear(k, targets, p, country) {
			near = append(near, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var ids []string
	for _, p := range near {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT incident, date FROM records WHERE family = ? AND country = ? AND place = ? AND date IS NOT NULL AND incident IS NOT NULL`, fam, country, p)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, date string
			if err := rows.Scan(&id, &date); err != nil {
				rows.Close()
				return nil, err
			}
			if !dirtyYears[year(date)] && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	sort.Strings(ids)
	var out []*cluster
	for _, id := range ids {
		ns, err := loadNodes(ctx, tx, k, `WHERE incident = ? AND date IS NOT NULL`, id)
		if err != nil {
			return nil, err
		}
		sortNodes(ns)
		out = append(out, &cluster{founder: ns[0], members: ns})
	}
	return out, nil
}

func isNear(k Knowledge, targets map[string]*view, p, country string) bool {
	if _, ok := targets[p]; ok {
		return true
	}
	v := view{place: &p, country: &country}
	k.locateView(&v)
	for _, t := range targets {
		if near(&v, t) {
			return true
		}
	}
	return false
}

// retiredMembers adds the retired records of a chunk to the old incidents
// they were in.
func retiredMembers(ctx context.Context, tx *sql.Tx, fam, country string, old map[string][]int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT uid, incident FROM retired WHERE family = ? AND country = ?`, fam, country)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			uid int64
			id  string
		)
		if err := rows.Scan(&uid, &id); err != nil {
			return err
		}
		old[id] = append(old[id], uid)
	}
	return rows.Err()
}

// uidKey names a set of records.
func uidKey(uids []int64) string {
	s := append([]int64(nil), uids...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	var b strings.Builder
	for _, u := range s {
		b.WriteString(strconv.FormatInt(u, 36))
		b.WriteByte(' ')
	}
	return b.String()
}

// writeIncident reads a cluster's records whole, builds its row and points
// the records at it.
func writeIncident(ctx context.Context, tx *sql.Tx, k Knowledge, fam, country string, c *cluster) error {
	args := make([]any, len(c.members))
	for i, n := range c.members {
		args[i] = n.uid
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(args)), ",")
	rows, err := tx.QueryContext(ctx, `SELECT r.seq, r.json, d.published FROM records r JOIN documents d ON d.id = r.doc WHERE r.uid IN (`+marks+`)`, args...)
	if err != nil {
		return err
	}
	var ms []*member
	for rows.Next() {
		var (
			m        member
			js, publ string
		)
		if err := rows.Scan(&m.seq, &js, &publ); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(js), &m.rec); err != nil {
			rows.Close()
			return err
		}
		if m.published, err = parseTime(publ); err != nil {
			rows.Close()
			return err
		}
		m.v = k.view(&m.rec)
		ms = append(ms, &m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ms) != len(c.members) {
		return fmt.Errorf("incident of %d records: read %d", len(c.members), len(ms))
	}
	inc := k.canonical(ms)
	js, err := json.Marshal(inc)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO incidents (id, ord, family, country, json) VALUES (?, ?, ?, ?, ?)`,
		inc.ID, k.order(&inc), fam, country, string(js)); err != nil {
		return fmt.Errorf("incident %s: %w", inc.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE records SET incident = ? WHERE uid IN (`+marks+`)`, append([]any{inc.ID}, args...)...); err != nil {
		return fmt.Errorf("incident %s: %w", inc.ID, err)
	}
	return nil
}
