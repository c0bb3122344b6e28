package dataset

import (
	"bytes"
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
	"incidentkit/rules"
)

// Knowledge is what the merge takes from the rules: which group is a
// province of which, and where places are. Built from the engine, so a rule
// change reaches the canonical incidents only through the rules.
type Knowledge struct {
	schema *rules.Schema
	parent map[string]string
	gaz    *places.Gazetteer
	// names of the fields the clustering reads, from the schema
	category, date, place, region, country, group, weapons, targets string
}

// NewKnowledge reads the field schema, the group hierarchy and the
// gazetteer of an engine.
func NewKnowledge(eng *pipeline.Engine) Knowledge {
	return newKnowledge(eng.Rules.Schema, eng.Rules.Groups, eng.Gazetteer())
}

func newKnowledge(s *rules.Schema, groups []rules.Group, gaz *places.Gazetteer) Knowledge {
	k := Knowledge{schema: s, parent: map[string]string{}, gaz: gaz}
	for _, g := range groups {
		if g.Parent != "" {
			k.parent[g.Name] = g.Parent
		}
	}
	name := func(f *rules.Field) string {
		if f == nil {
			return ""
		}
		return f.Name
	}
	if f := s.Of(rules.KindCategory); len(f) > 0 {
		k.category = f[0].Name
	}
	if f := s.Of(rules.KindDate); len(f) > 0 {
		k.date = f[0].Name
	}
	k.place = name(s.From(rules.KindText, rules.FromPlace))
	k.region = name(s.From(rules.KindText, rules.FromRegion))
	k.country = name(s.From(rules.KindText, rules.FromCountry))
	k.group = name(s.From(rules.KindText, rules.FromGroup))
	k.weapons = name(s.From(rules.KindSet, "weapons"))
	k.targets = name(s.From(rules.KindSet, "targets"))
	return k
}

// view is what the clustering reads of a record, by meaning rather than by
// field name, with the coordinates of its place (looked up once, not on
// every comparison).
type view struct {
	doc, category                       string
	date, place, region, country, group *string
	weapons, targets                    []string
	at                                  [2]float64
	located                             bool // at holds the place's coordinates
}

func (k Knowledge) view(r *pipeline.Record) view {
	v := view{doc: r.Doc, category: deref(r.Fields.Text(k.category)), date: r.Fields.Text(k.date),
		place: r.Fields.Text(k.place), region: r.Fields.Text(k.region), country: r.Fields.Text(k.country),
		group: r.Fields.Text(k.group), weapons: r.Fields.List(k.weapons), targets: r.Fields.List(k.targets)}
	k.locateView(&v)
	return v
}

func (k Knowledge) locateView(v *view) {
	if v.place != nil {
		v.at, v.located = k.coords(*v.place, deref(v.country))
	}
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
	ID     string
	Fields pipeline.Fields // in schema order, after id in JSON
	Lat    *float64
	Lon    *float64
	// GeoPrecision is what Lat and Lon locate: place, region or country.
	GeoPrecision string
	Sources      []Source
	// Conflicts lists, for each field whose sources disagree, every source's
	// value; the canonical value above is chosen by the policy in choose.
	Conflicts map[string][]SourceValue
}

// MarshalJSON writes id, the fields in order, lat, lon, geo_precision,
// sources, conflicts.
func (inc Incident) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	id, err := marshal(inc.ID)
	if err != nil {
		return nil, err
	}
	b.WriteString(`{"id":`)
	b.Write(id)
	if err := inc.Fields.AppendJSON(&b); err != nil {
		return nil, err
	}
	for _, kv := range []struct {
		k string
		v any
	}{{"lat", inc.Lat}, {"lon", inc.Lon}, {"geo_precision", inc.GeoPrecision}, {"sources", inc.Sources}, {"conflicts", inc.Conflicts}} {
		js, err := marshal(kv.v)
		if err != nil {
			return nil, err
		}
		b.WriteString(`,"` + kv.k + `":`)
		b.Write(js)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (inc *Incident) UnmarshalJSON(data []byte) error {
	*inc = Incident{}
	return pipeline.DecodeObject(data, &inc.Fields, func(key string, raw json.RawMessage) (bool, error) {
		switch key {
		case "id":
			return true, json.Unmarshal(raw, &inc.ID)
		case "lat":
			return true, json.Unmarshal(raw, &inc.Lat)
		case "lon":
			return true, json.Unmarshal(raw, &inc.Lon)
		case "geo_precision":
			return true, json.Unmarshal(raw, &inc.GeoPrecision)
		case "sources":
			return true, json.Unmarshal(raw, &inc.Sources)
		case "conflicts":
			return true, json.Unmarshal(raw, &inc.Conflicts)
		}
		return false, nil
	})
}

// member is a record with what the canonical row needs of its document.
type member struct {
	rec       pipeline.Record
	v         view
	seq       int
	published time.Time
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
func (k Knowledge) locationDepth(a, b *view) int {
	if a.place != nil && b.place != nil && *a.place != *b.place && deref(a.country) == deref(b.country) {
		if near(a, b) {
			return 3
		}
		return -1
	}
	levels := []struct{ x, y *string }{{a.country, b.country}, {a.region, b.region}, {a.place, b.place}}
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
// at least; no date: same place), and groups that agree. Both must name the
// country: a record placed nowhere, or by a region alone, cannot be told
// from a report of another incident, and the rule makes the country a
// blocking key (see blocks.go).
func (k Knowledge) match(a, b *view) (score int, ok bool) {
	if a.doc == b.doc || family(a.category) != family(b.category) {
		return 0, false
	}
	if a.country == nil || b.country == nil || *a.country != *b.country {
		return 0, false
	}
	if !datesAgree(a.date, b.date) || !k.actorsAgree(a.group, b.group) {
		return 0, false
	}
	loc := k.locationDepth(a, b)
	prec := min(datePrecision(a.date), datePrecision(b.date))
	need := needDepth(prec)
	// Without a date, the kind of attack must agree too: different targets
	// (a synagogue plot, a police-station plot) are different incidents;
	// the same group, weapons and targets in the same country and month or
	// year are one told twice.
	if prec == 0 && disjoint(a.targets, b.targets) {
		return 0, false
	}
	if prec == 1 || prec == 2 {
		if a.group != nil && b.group != nil && overlap(a.weapons, b.weapons) && overlap(a.targets, b.targets) {
			need = 1
		}
	}
	if loc < need {
		return 0, false
	}
	score = 10*prec + 2*loc
	if a.category == b.category {
		score++
	}
	if a.group != nil && b.group != nil {
		score++
	}
	return score, true
}

// needDepth is how deeply locations must agree at a date precision: a day
// needs the country, a month or a year the region, no date the place.
func needDepth(prec int) int {
	switch prec {
	case 3:
		return 1
	case 0:
		return 3
	}
	return 2
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
func (k Knowledge) conflicting(f rules.Field, cands []candidate) bool {
	for i := range cands {
		for j := i + 1; j < len(cands); j++ {
			a, b := cands[i].key, cands[j].key
			if a == b {
				continue
			}
			switch {
			case f.Kind == rules.KindDate:
				if refines(a, b) || refines(b, a) {
					continue
				}
			case f.From == rules.FromGroup:
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

// canonical builds the incident row of a cluster's records.
func (k Knowledge) canonical(members []*member) Incident {
	ms := append([]*member(nil), members...)
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
	inc.Fields = pipeline.NewFields(k.schema)
	for _, f := range k.schema.Fields {
		switch {
		case f.Kind == rules.KindSet:
			inc.Fields.PutList(f.Name, union(ms, f.Name))
		case f.Kind == rules.KindCount:
			var cands []candidate
			for _, m := range ms {
				if v := m.rec.Fields.Count(f.Name); v != nil {
					cands = append(cands, candidate{m: m, value: *v, key: fmt.Sprint(*v)})
				}
			}
			k.noteConflict(&inc, f, cands)
			if b := choose(cands); b != nil {
				v := b.value.(int)
				inc.Fields.PutCount(f.Name, &v)
			}
		default:
			var cands []candidate
			for _, m := range ms {
				if v := m.rec.Fields.Text(f.Name); v != nil {
					cands = append(cands, candidate{m: m, value: *v, key: *v, spec: k.specificity(f, *v)})
				}
			}
			k.noteConflict(&inc, f, cands)
			// Place, region and country are chosen as one location below,
			// so the canonical row never mixes one report's place with
			// another's region; conflicts are still noted field by field.
			if b := choose(cands); b != nil && f.Merge != rules.MergeLocation {
				v := b.key
				inc.Fields.PutText(f.Name, &v)
			}
		}
	}
	place, region, country := chooseLocation(ms)
	inc.Fields.PutText(k.place, place)
	inc.Fields.PutText(k.region, region)
	inc.Fields.PutText(k.country, country)
	inc.Lat, inc.Lon, inc.GeoPrecision = k.locate(place, region, country)
	return inc
}

// specificity ranks the values of a field for choose: a day over a month, a
// province over its parent group, a described clash or plot over a bare
// arrest.
func (k Knowledge) specificity(f rules.Field, v string) int {
	switch {
	case f.Kind == rules.KindDate:
		return datePrecision(&v)
	case f.Kind == rules.KindCategory:
		return categorySpec(v)
	case f.From == rules.FromGroup && k.parent[v] != "":
		return 2
	}
	return 1
}

// chooseLocation applies the conflict policy to whole locations: the most
// specific (a place, then a region, then a country), then the most recent
// source, then the place most sources name. Levels the chosen source leaves
// empty are filled from sources that do not contradict it.
func chooseLocation(ms []*member) (place, region, country *string) {
	var cands []candidate
	for _, m := range ms {
		r := &m.v
		spec := 0
		switch {
		case r.place != nil:
			spec = 3
		case r.region != nil:
			spec = 2
		case r.country != nil:
			spec = 1
		default:
			continue
		}
		key := deref(r.place) + "\x00" + deref(r.region) + "\x00" + deref(r.country)
		cands = append(cands, candidate{m: m, value: r, key: key, spec: spec})
	}
	best := choose(cands)
	if best == nil {
		return nil, nil, nil
	}
	place, region, country = best.m.v.place, best.m.v.region, best.m.v.country
	agrees := func(a, b *string) bool { return a == nil || b == nil || *a == *b }
	for _, m := range ms {
		r := &m.v
		if !agrees(place, r.place) || !agrees(region, r.region) || !agrees(country, r.country) {
			continue
		}
		if place == nil {
			place = r.place
		}
		if region == nil {
			region = r.region
		}
		if country == nil {
			country = r.country
		}
	}
	return place, region, country
}

func (k Knowledge) noteConflict(inc *Incident, f rules.Field, cands []candidate) {
	field := f.Name
	if !k.conflicting(f, cands) {
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
func union(ms []*member, field string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, m := range ms {
		for _, v := range m.rec.Fields.List(field) {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	sort.Strings(out)
	return out
}

// near reports whether the places of two views lie within nearKm.
func near(a, b *view) bool {
	return a.located && b.located && distanceKm(a.at, b.at) <= nearKm
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
