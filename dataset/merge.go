package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"incidentkit/extractors/places"
	"incidentkit/pipeline"
)

// Knowledge is what the merge takes from the rules: which group is a
// province of which, and where places are. Built from the engine, so a rule
// change reaches the canonical incidents only through the rules.
type Knowledge struct {
	parent map[string]string
	gaz    *places.Gazetteer
}

// NewKnowledge reads the group hierarchy and the gazetteer of an engine.
func NewKnowledge(eng *pipeline.Engine) Knowledge {
	k := Knowledge{parent: map[string]string{}, gaz: eng.Gazetteer()}
	for _, g := range eng.Rules.Groups {
		if g.Parent != "" {
			k.parent[g.Name] = g.Parent
		}
	}
	return k
}

// Source is one contributing record as exports list it.
type Source struct {
	Doc      string              `json:"doc"`
	ID       string              `json:"id"`
	Evidence []pipeline.Evidence `json:"evidence"`
}

// SourceValue is the value one source gives a field that sources disagree on.
type SourceValue struct {
	Doc   string `json:"doc"`
	ID    string `json:"id"`
	Value any    `json:"value"`
}

// Incident is one canonical incident: one row of every export. Field order
// is the JSON order.
type Incident struct {
	ID string `json:"id"`
	pipeline.Fields
	Lat     *float64 `json:"lat"`
	Lon     *float64 `json:"lon"`
	Sources []Source `json:"sources"`
	// Conflicts lists, for each field whose sources disagree, every source's
	// value; the canonical value above is chosen by the policy in choose.
	Conflicts map[string][]SourceValue `json:"conflicts"`
}

// member is a stored record with what the merge needs of its document.
type member struct {
	rec       pipeline.Record
	seq       int
	published time.Time
}

// Merge rebuilds the canonical incidents from every stored record in one
// transaction and clears the dirty mark.
func (s *Store) Merge(ctx context.Context, k Knowledge, version string) error {
	ms, err := s.members(ctx)
	if err != nil {
		return err
	}
	incs := Cluster(ms, k)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM incident_sources`, `DELETE FROM incidents`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("dataset: merge: %w", err)
		}
	}
	for i, inc := range incs {
		js, err := json.Marshal(inc)
		if err != nil {
			return fmt.Errorf("dataset: merge: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO incidents (id, seq, json) VALUES (?, ?, ?)`, inc.ID, i, string(js)); err != nil {
			return fmt.Errorf("dataset: merge: incident %s: %w", inc.ID, err)
		}
		for _, src := range inc.Sources {
			if _, err := tx.ExecContext(ctx, `INSERT INTO incident_sources (incident, doc, record) VALUES (?, ?, ?)`, inc.ID, src.Doc, src.ID); err != nil {
				return fmt.Errorf("dataset: merge: incident %s: %w", inc.ID, err)
			}
		}
	}
	if err := setMeta(ctx, tx, "merged_rules_version", version); err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	if err := setMeta(ctx, tx, "dirty", "0"); err != nil {
		return fmt.Errorf("dataset: merge: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("dataset: merge: commit: %w", err)
	}
	return nil
}

func (s *Store) members(ctx context.Context) ([]member, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.seq, r.json, d.published FROM records r JOIN documents d ON d.id = r.doc ORDER BY r.doc, r.seq`)
	if err != nil {
		return nil, fmt.Errorf("dataset: read records: %w", err)
	}
	defer rows.Close()
	var out []member
	for rows.Next() {
		var (
			m        member
			js, publ string
		)
		if err := rows.Scan(&m.seq, &js, &publ); err != nil {
			return nil, fmt.Errorf("dataset: read records: %w", err)
		}
		if err := json.Unmarshal([]byte(js), &m.rec); err != nil {
			return nil, fmt.Errorf("dataset: read records: %w", err)
		}
		if m.published, err = parseTime(publ); err != nil {
			return nil, fmt.Errorf("dataset: read records: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// family groups categories that one incident may be given by different
// reports: an attack is an attack; a clash, a foiled plot and an arrest are
// all security operations, and reports of one operation often disagree on
// which it was ("killed in a special operation" vs "eliminated").
func family(category string) string {
	if category == "attack" {
		return "attack"
	}
	return "operation"
}

// datePrecision: 3 day, 2 month, 1 year, 0 unknown.
func datePrecision(d *string) int {
	if d == nil || *d == "" {
		return 0
	}
	return strings.Count(*d, "-") + 1
}

// refines reports whether date a equals b or narrows it ("2024-03-22"
// refines "2024-03").
func refines(a, b string) bool {
	return a == b || strings.HasPrefix(a, b+"-")
}

func datesAgree(a, b *string) bool {
	if a == nil || b == nil {
		return true
	}
	return refines(*a, *b) || refines(*b, *a)
}

// nearKm is how close two named places must be to count as one place:
// reports name the nearest city ("in Moscow" for Crocus City Hall, which is
// in Krasnogorsk, across the Moscow Oblast line), never one 50 km away.
const nearKm = 30

// locationDepth compares the locations of two records: -1 when they
// contradict (different non-null values at one level), otherwise the
// deepest level both name alike: 3 place, 2 region, 1 country, 0 none. Two
// different places within nearKm of each other in one country count as the
// same place, whatever regions they lie in.
func (k Knowledge) locationDepth(a, b *pipeline.Record) int {
	if a.Place != nil && b.Place != nil && *a.Place != *b.Place && deref(a.Country) == deref(b.Country) {
		if k.near(*a.Place, *b.Place, deref(a.Country)) {
			return 3
		}
		return -1
	}
	levels := []struct{ x, y *string }{{a.Country, b.Country}, {a.Region, b.Region}, {a.Place, b.Place}}
	depth := 0
	for i, l := range levels {
		if l.x == nil || l.y == nil {
			continue
		}
		if *l.x != *l.y {
			return -1
		}
		depth = i + 1
	}
	return depth
}

// actorsAgree: no group named on one side, the same group, or a group and
// one of its provinces.
func (k Knowledge) actorsAgree(a, b *string) bool {
	if a == nil || b == nil || *a == *b {
		return true
	}
	return k.parent[*a] == *b || k.parent[*b] == *a
}

// match scores how well two records from different documents fit one
// incident; ok is false when they cannot be one. The rule (README,
// "Dataset"): same category family, dates that agree at the precision of the
// less precise one, locations that never contradict and agree deeply enough
// for that precision (day: same country at least; month or year: same region
// at least; no date: same place), and groups that agree.
func (k Knowledge) match(a, b *pipeline.Record) (score int, ok bool) {
	if a.Doc == b.Doc || family(a.Category) != family(b.Category) {
		return 0, false
	}
	if !datesAgree(a.Date, b.Date) || !k.actorsAgree(a.Perpetrator, b.Perpetrator) {
		return 0, false
	}
	loc := k.locationDepth(a, b)
	prec := min(datePrecision(a.Date), datePrecision(b.Date))
	need := map[int]int{3: 1, 2: 2, 1: 2, 0: 3}[prec]
	// Without a date, the kind of attack must agree too: different targets
	// (a synagogue plot, a police-station plot) are different incidents;
	// the same group, weapons and targets in the same country and month or
	// year are one told twice.
	if prec == 0 && disjoint(a.Targets, b.Targets) {
		return 0, false
	}
	if prec == 1 || prec == 2 {
		if a.Perpetrator != nil && b.Perpetrator != nil && overlap(a.Weapons, b.Weapons) && overlap(a.Targets, b.Targets) {
			need = 1
		}
	}
	if loc < need {
		return 0, false
	}
	score = 10*prec + 2*loc
	if a.Category == b.Category {
		score++
	}
	if a.Perpetrator != nil && b.Perpetrator != nil {
		score++
	}
	return score, true
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// disjoint: both say something and nothing in common.
func disjoint(a, b []string) bool {
	return len(a) > 0 && len(b) > 0 && !overlap(a, b)
}

type cluster struct {
	members []*member
}

// fits scores a record against a cluster: it must match every member
// (complete linkage, so a vague report cannot chain two incidents together)
// and come from a document the cluster does not already hold (a document
// reports an incident once; the extractor merges repeats).
func (k Knowledge) fits(c *cluster, m *member) (int, bool) {
	worst := -1
	for _, o := range c.members {
		s, ok := k.match(&o.rec, &m.rec)
		if !ok {
			return 0, false
		}
		if worst < 0 || s < worst {
			worst = s
		}
	}
	return worst, true
}

// Cluster groups records into canonical incidents. Records are taken most
// precise date first (then by document and position), each joining the
// cluster it fits best, or starting its own when none fits or two fit
// equally well: an ambiguous report stays apart rather than guess. The
// result depends only on the records, not on the order they arrived in.
func Cluster(ms []member, k Knowledge) []Incident {
	order := make([]*member, len(ms))
	for i := range ms {
		order[i] = &ms[i]
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if pa, pb := datePrecision(a.rec.Date), datePrecision(b.rec.Date); pa != pb {
			return pa > pb
		}
		if a.rec.Doc != b.rec.Doc {
			return a.rec.Doc < b.rec.Doc
		}
		return a.seq < b.seq
	})
	// Clusters are indexed by family and year: dates that agree share a
	// year, so only undated records look at every cluster of their family.
	byKey := map[string][]*cluster{}
	byFamily := map[string][]*cluster{}
	var all []*cluster
	for _, m := range order {
		fam := family(m.rec.Category)
		cands := byFamily[fam]
		if m.rec.Date != nil && *m.rec.Date != "" {
			cands = byKey[fam+"|"+year(*m.rec.Date)]
		}
		var best *cluster
		bestScore, tie := -1, false
		for _, c := range cands {
			s, ok := k.fits(c, m)
			switch {
			case !ok:
			case s > bestScore:
				best, bestScore, tie = c, s, false
			case s == bestScore:
				tie = true
			}
		}
		if best == nil || tie {
			// Dated records come first, so a cluster's first member gives
			// the year of all its dated members.
			best = &cluster{}
			all = append(all, best)
			byFamily[fam] = append(byFamily[fam], best)
			if m.rec.Date != nil && *m.rec.Date != "" {
				key := fam + "|" + year(*m.rec.Date)
				byKey[key] = append(byKey[key], best)
			}
		}
		best.members = append(best.members, m)
	}
	out := make([]Incident, 0, len(all))
	for _, c := range all {
		out = append(out, k.canonical(c))
	}
	sort.SliceStable(out, func(i, j int) bool {
		di, dj := deref(out[i].Date), deref(out[j].Date)
		if (di == "") != (dj == "") {
			return dj == ""
		}
		if di != dj {
			return di < dj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func year(d string) string {
	y, _, _ := strings.Cut(d, "-")
	return y
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// candidate is one source's value for a field.
type candidate struct {
	m     *member
	value any    // *string / *int dereferenced
	key   string // comparable form
	spec  int    // specificity: higher wins
}

// choose applies the conflict policy: the most specific value (a day over a
// month, a province over its parent group, a described clash or plot over a
// bare arrest), then the value of the most recently published source, then
// the value most sources give, then the first source in document order.
func choose(cands []candidate) *candidate {
	if len(cands) == 0 {
		return nil
	}
	support := map[string]int{}
	for _, c := range cands {
		support[c.key]++
	}
	best := &cands[0]
	for i := 1; i < len(cands); i++ {
		c := &cands[i]
		switch {
		case c.spec != best.spec:
			if c.spec > best.spec {
				best = c
			}
		case !c.m.published.Equal(best.m.published):
			if c.m.published.After(best.m.published) {
				best = c
			}
		case support[c.key] != support[best.key]:
			if support[c.key] > support[best.key] {
				best = c
			}
		}
	}
	return best
}

// conflicting reports whether sources give values that are not refinements
// of one another: two different tolls conflict, "2024-03" and "2024-03-22"
// do not, nor do "Islamic State" and one of its provinces.
func (k Knowledge) conflicting(field string, cands []candidate) bool {
	for i := range cands {
		for j := i + 1; j < len(cands); j++ {
			a, b := cands[i].key, cands[j].key
			if a == b {
				continue
			}
			switch field {
			case "date":
				if refines(a, b) || refines(b, a) {
					continue
				}
			case "perpetrator":
				if k.parent[a] == b || k.parent[b] == a {
					continue
				}
			}
			return true
		}
	}
	return false
}

func categorySpec(c string) int {
	if c == "arrest" {
		return 1
	}
	return 2
}

// canonical builds the incident row of a cluster.
func (k Knowledge) canonical(c *cluster) Incident {
	ms := append([]*member(nil), c.members...)
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].rec.Doc != ms[j].rec.Doc {
			return ms[i].rec.Doc < ms[j].rec.Doc
		}
		return ms[i].seq < ms[j].seq
	})
	first := ms[0].rec
	sum := sha256.Sum256([]byte(first.Doc + "\x00" + first.ID))
	inc := Incident{ID: hex.EncodeToString(sum[:8]), Conflicts: map[string][]SourceValue{}}
	for _, m := range ms {
		ev := m.rec.Evidence
		if ev == nil {
			ev = []pipeline.Evidence{}
		}
		inc.Sources = append(inc.Sources, Source{Doc: m.rec.Doc, ID: m.rec.ID, Evidence: ev})
	}
	strField := func(name string, get func(*pipeline.Record) *string, spec func(string) int) *string {
		var cands []candidate
		for _, m := range ms {
			if v := get(&m.rec); v != nil {
				cands = append(cands, candidate{m: m, value: *v, key: *v, spec: spec(*v)})
			}
		}
		k.noteConflict(&inc, name, cands)
		if b := choose(cands); b != nil {
			v := b.key
			return &v
		}
		return nil
	}
	intField := func(name string, get func(*pipeline.Record) *int) *int {
		var cands []candidate
		for _, m := range ms {
			if v := get(&m.rec); v != nil {
				cands = append(cands, candidate{m: m, value: *v, key: fmt.Sprint(*v)})
			}
		}
		k.noteConflict(&inc, name, cands)
		if b := choose(cands); b != nil {
			v := b.value.(int)
			return &v
		}
		return nil
	}
	one := func(string) int { return 1 }
	cat := strField("category", func(r *pipeline.Record) *string { return &r.Category }, categorySpec)
	inc.Category = *cat
	inc.Date = strField("date", func(r *pipeline.Record) *string { return r.Date }, func(d string) int { return datePrecision(&d) })
	// Place, region and country are chosen as one location, so the canonical
	// row never mixes one report's place with another's region; conflicts
	// are still noted field by field.
	strField("place", func(r *pipeline.Record) *string { return r.Place }, one)
	strField("region", func(r *pipeline.Record) *string { return r.Region }, one)
	strField("country", func(r *pipeline.Record) *string { return r.Country }, one)
	inc.Place, inc.Region, inc.Country = chooseLocation(ms)
	inc.Perpetrator = strField("perpetrator", func(r *pipeline.Record) *string { return r.Perpetrator }, func(g string) int {
		if k.parent[g] != "" {
			return 2
		}
		return 1
	})
	inc.Killed = intField("killed", func(r *pipeline.Record) *int { return r.Killed })
	inc.Injured = intField("injured", func(r *pipeline.Record) *int { return r.Injured })
	inc.PerpetratorsKilled = intField("perpetrators_killed", func(r *pipeline.Record) *int { return r.PerpetratorsKilled })
	inc.Arrested = intField("arrested", func(r *pipeline.Record) *int { return r.Arrested })
	inc.Weapons = union(ms, func(r *pipeline.Record) []string { return r.Weapons })
	inc.Targets = union(ms, func(r *pipeline.Record) []string { return r.Targets })
	inc.Lat, inc.Lon = k.locate(inc.Place, inc.Region, inc.Country)
	return inc
}

// chooseLocation applies the conflict policy to whole locations: the most
// specific (a place, then a region, then a country), then the most recent
// source, then the place most sources name. Levels the chosen source leaves
// empty are filled from sources that do not contradict it.
func chooseLocation(ms []*member) (place, region, country *string) {
	var cands []candidate
	for _, m := range ms {
		r := &m.rec
		spec := 0
		switch {
		case r.Place != nil:
			spec = 3
		case r.Region != nil:
			spec = 2
		case r.Country != nil:
			spec = 1
		default:
			continue
		}
		key := deref(r.Place) + "\x00" + deref(r.Region) + "\x00" + deref(r.Country)
		cands = append(cands, candidate{m: m, value: r, key: key, spec: spec})
	}
	best := choose(cands)
	if best == nil {
		return nil, nil, nil
	}
	place, region, country = best.m.rec.Place, best.m.rec.Region, best.m.rec.Country
	agrees := func(a, b *string) bool { return a == nil || b == nil || *a == *b }
	for _, m := range ms {
		r := &m.rec
		if !agrees(place, r.Place) || !agrees(region, r.Region) || !agrees(country, r.Country) {
			continue
		}
		if place == nil {
			place = r.Place
		}
		if region == nil {
			region = r.Region
		}
		if country == nil {
			country = r.Country
		}
	}
	return place, region, country
}

func (k Knowledge) noteConflict(inc *Incident, field string, cands []candidate) {
	if !k.conflicting(field, cands) {
		return
	}
	vals := make([]SourceValue, len(cands))
	for i, c := range cands {
		vals[i] = SourceValue{Doc: c.m.rec.Doc, ID: c.m.rec.ID, Value: c.value}
	}
	inc.Conflicts[field] = vals
}

// union of a list field over the sources, sorted: weapons and targets add up,
// one report naming the knife and another the gun are both right.
func union(ms []*member, get func(*pipeline.Record) []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, m := range ms {
		for _, v := range get(&m.rec) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return out
}

// near reports whether two places of one country lie within nearKm.
func (k Knowledge) near(a, b, country string) bool {
	pa, oka := k.coords(a, country)
	pb, okb := k.coords(b, country)
	return oka && okb && distanceKm(pa, pb) <= nearKm
}

func (k Knowledge) coords(name, country string) ([2]float64, bool) {
	if k.gaz == nil {
		return [2]float64{}, false
	}
	p, ok := k.gaz.Entity(name, "", country)
	if !ok || (p.Lat == 0 && p.Lon == 0) {
		return [2]float64{}, false
	}
	return [2]float64{p.Lat, p.Lon}, true
}

// distanceKm is the great-circle distance between two (lat, lon) points.
func distanceKm(a, b [2]float64) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b[0]-a[0])*rad, (b[1]-a[1])*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a[0]*rad)*math.Cos(b[0]*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// locate gives coordinates of the place, else of the region; a country's
// centroid would put a point where nothing happened, so it gives none.
func (k Knowledge) locate(place, region, country *string) (*float64, *float64) {
	if k.gaz == nil {
		return nil, nil
	}
	c := deref(country)
	for _, n := range []*string{place, region} {
		if n == nil {
			continue
		}
		p, ok := k.gaz.Entity(*n, "", c)
		if !ok {
			p, ok = k.gaz.Lookup(*n)
		}
		if ok && (p.Lat != 0 || p.Lon != 0) {
			lat, lon := p.Lat, p.Lon
			return &lat, &lon
		}
	}
	return nil, nil
}
