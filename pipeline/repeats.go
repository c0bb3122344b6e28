package pipeline

import (
	"sort"
	"strconv"
	"strings"

	"incidentkit/extractors/places"
)

// mergeRepeats folds later mentions of one incident into the first: same
// category, compatible dates, compatible places, agreeing groups (a province
// agrees with its parent, and the more specific name is kept). A report
// (not a chronology) tells one event over several paragraphs: there the same
// full date is the same event, and an attack told again as a clash (an
// arrest as a foiled plot) is one incident.
func (b *builder) mergeRepeats(recs []draft, chronology bool) []draft {
	parent := b.parent
	var out []draft
	for _, r := range recs {
		merged := false
		for i := range out {
			if b.sameIncident(out[i], r, parent, chronology) {
				out[i] = b.mergeInto(out[i], r, parent)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, r)
		}
	}
	return out
}

func (bl *builder) sameIncident(a, b draft, parent map[string]string, chronology bool) bool {
	if a.apart || b.apart {
		return false
	}
	if a.Category != b.Category {
		if chronology || bl.family(a.Category) == "" || bl.family(a.Category) != bl.family(b.Category) {
			return false
		}
		// Across categories, only the same day, or a mention that says
		// neither when nor where ("Raid leaves 12 people dead").
		vague := func(d draft) bool { return d.Date == nil && d.Place == nil && d.Region == nil }
		act := a.Date != nil && b.Date != nil && (a.reported && actBefore(*b.Date, *a.Date) || b.reported && actBefore(*a.Date, *b.Date))
		// A mention dated only by the month of publication, in the same
		// town ("Attacks on gun shops ... in Aktobe: six dead, 13 attackers
		// liquidated" over "Groups of armed men attacked ... in Aktobe on
		// Sunday"), says no more of when than a vague one.
		pubMonth := func(d draft) bool { return strings.HasPrefix(d.Provenance["date"], "date:publication-month") }
		sameTown := a.Place != nil && b.Place != nil && *a.Place == *b.Place && a.Date != nil && b.Date != nil && compatibleDates(*a.Date, *b.Date)
		if (pubMonth(a) || pubMonth(b)) && sameTown {
			act = true
		}
		// A headline so dated that names only the region ("... a week
		// after the hostage-taking at penal colony No. 13" over the Saratov
		// region) tells the report's event in a town of it.
		headline := func(h, o draft) bool {
			return pubMonth(h) && h.block == 0 && h.Place == nil && h.Region != nil && o.Region != nil && *h.Region == *o.Region &&
				o.Date != nil && strings.HasPrefix(*o.Date, (*h.Date)[:min(len(*h.Date), 4)])
		}
		if headline(a, b) || headline(b, a) {
			act = true
		}
		if !(a.Date != nil && b.Date != nil && *a.Date == *b.Date && len(*a.Date) == 10) && !vague(a) && !vague(b) && !act {
			return false
		}
	}
	// An undated mention of the same kind of event in the same town ("Three
	// armed assailants attacked the hotel") is the dated one told again.
	if (a.Date == nil) != (b.Date == nil) {
		if a.Place != nil && b.Place != nil && *a.Place == *b.Place && agreeGroup(a.Perpetrator, b.Perpetrator, parent) {
			return true
		}
		// In a report, an undated mention placed no more precisely than the
		// dated one, and not elsewhere, tells the same event ("Russia's FSB
		// has thwarted activities of an IS cell ... in the Moscow region").
		if chronology || !agreeGroup(a.Perpetrator, b.Perpetrator, parent) {
			return false
		}
		u, d := a, b
		if u.Date != nil {
			u, d = b, a
		}
		// An undated mention that names the same group and places the event
		// the dated one leaves placed only by country completes it ("At
		// least nine soldiers were killed in an attack by the ELN ..." then
		// "... died in an ELN attack in Norte de Santander").
		// It follows close on it (two paragraphs at most): further on, an
		// undated attack of the same group is background ("blaming the
		// rebels for a car bombing at a military base in Bogota").
		if d.Place == nil && d.Region == nil && u.Perpetrator != nil && d.Perpetrator != nil && *u.Perpetrator == *d.Perpetrator &&
			u.Country != nil && d.Country != nil && *u.Country == *d.Country && u.block >= d.block && u.block-d.block <= 2 {
			return true
		}
		if u.Place != nil && (d.Place == nil || *u.Place != *d.Place) {
			return false
		}
		return agree(u.Region, d.Region) && agree(u.Country, d.Country) && (u.Region == nil || d.Region != nil)
	}
	if a.Date == nil || b.Date == nil {
		return false
	}
	act := a.reported && !b.reported && actBefore(*b.Date, *a.Date) || b.reported && !a.reported && actBefore(*a.Date, *b.Date)
	if !compatibleDates(*a.Date, *b.Date) && !act {
		return false
	}
	if !agreeGroup(a.Perpetrator, b.Perpetrator, parent) {
		return false
	}
	// Places: equal where both are given, and at least one level given by both
	// or neither given at all.
	for _, f := range [][2]*string{{a.Place, b.Place}, {a.Region, b.Region}, {a.Country, b.Country}} {
		if !agree(f[0], f[1]) {
			return false
		}
	}
	// Two dated paragraphs with the same full date are two events ("Also on 24
	// April 2025 ...") unless nothing tells them apart.
	if chronology && len(*a.Date) == 10 && *a.Date == *b.Date && (a.Place != nil || b.Place != nil) && !(a.Place != nil && b.Place != nil) {
		return false
	}
	return true
}

// family is the merge family of a category (the assembly classes
// violent_family, planned_category): "" when it merges with no other.
func (bl *builder) family(category string) string {
	switch {
	case bl.violent[category]:
		return "violent"
	case bl.planned[category]:
		return "planned"
	}
	return ""
}

func agreeGroup(x, y *string, parent map[string]string) bool {
	return x == nil || y == nil || *x == *y || parent[*x] == *y || parent[*y] == *x
}

func agree(x, y *string) bool {
	return x == nil || y == nil || *x == *y
}

func (bl *builder) mergeInto(a, b draft, parent map[string]string) draft {
	folded := b.ID
	// The day of the act beats the day it was reported.
	if a.reported && b.Date != nil && !b.reported && a.Date != nil && actBefore(*b.Date, *a.Date) {
		a.Date, a.reported = b.Date, false
		a.Provenance["date"] = b.Provenance["date"]
	}
	// A plot told again as arrests is a foiled plot: the more specific
	// category of a family is the one listed first in the schema.
	category := a.Category
	if b.Category != a.Category && bl.rank[b.Category] < bl.rank[a.Category] {
		category = b.Category
	}
	// The mention with the more precise date is the report of the event;
	// the vaguer one ("In December 2013, two bombings ...") only fills gaps.
	if b.Date != nil && (a.Date == nil || len(*b.Date) > len(*a.Date)) {
		a, b = b, a
		a.Evidence = append(append([]Evidence{}, b.Evidence...), a.Evidence...)
		b.Evidence = nil
		a.ID = b.ID
	}
	fill := func(dst **string, src *string) {
		if *dst == nil {
			*dst = src
		}
	}
	fill(&a.Place, b.Place)
	fill(&a.Region, b.Region)
	fill(&a.Country, b.Country)
	fill(&a.Perpetrator, b.Perpetrator)
	if a.contextCountry == "" {
		a.contextCountry = b.contextCountry
	}
	if a.contextRegion == "" {
		a.contextRegion = b.contextRegion
	}
	if b.Perpetrator != nil && parent[*b.Perpetrator] == *a.Perpetrator {
		a.Perpetrator = b.Perpetrator // the province, not its parent
	}
	for k, v := range b.Counts {
		if a.Counts[k] == nil {
			a.Counts[k] = v
		}
	}
	for k, v := range b.Sets {
		a.Sets[k] = union(a.Sets[k], v)
	}
	a.Evidence = append(a.Evidence, b.Evidence...)
	for k, v := range b.Provenance {
		if _, ok := a.Provenance[k]; !ok {
			a.Provenance[k] = v
		}
	}
	a.Provenance["merged"] = strings.TrimPrefix(a.Provenance["merged"]+"; ", "; ") + folded
	if a.Category != category {
		a.Provenance["category"] = b.Provenance["category"]
		a.Category = category
	}
	return a
}

func union(a, b []string) []string {
	m := map[string]bool{}
	for _, x := range append(append([]string{}, a...), b...) {
		m[x] = true
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// splitPlaces gives one record per town when the sentence that places an
// attack names a list of towns in different regions ("Coordinated bombings
// ... kill 15 people in Abuja and Bauchi"): a toll told for all of them is
// no town's (spec), and a range's first day is no town's day either (each
// takes the month).
func (b *builder) splitPlaces(doc string, in *incident, d draft) []draft {
	// Attacks and foiled plots; arrests in several towns stay one record.
	if !b.violent[d.Category] && !(b.planned[d.Category] && !b.arrest[d.Category]) {
		return []draft{d}
	}
	var s *sentence
	for _, x := range in.sents {
		if len(x.places) > 0 {
			s = x
			break
		}
	}
	if s == nil {
		return []draft{d}
	}
	// The longest run of places read together, and its towns.
	var best, run []places.Place
	for i, p := range s.places {
		if i > 0 && !b.placeJoiner[listGap(s.Text[s.places[i-1].End:p.Start])] {
			run = nil
		}
		run = append(run, p)
		if len(run) > len(best) {
			best = append([]places.Place(nil), run...)
		}
	}
	var towns []places.Place
	regions := map[string]bool{}
	for _, p := range best {
		if (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && p.Country != "" {
			towns = append(towns, p)
			regions[p.Country+"|"+p.Region] = true
		}
	}
	if len(towns) < 2 || len(regions) < 2 {
		return []draft{d}
	}
	out := make([]draft, 0, len(towns))
	for i, t := range towns {
		r := d
		r.Counts, r.Sets, r.Provenance = map[string]*int{}, map[string][]string{}, Provenance{}
		for k, v := range d.Sets {
			r.Sets[k] = v
		}
		for k, v := range d.Provenance {
			r.Provenance[k] = v
		}
		for k := range d.Counts {
			r.Counts[k] = nil // told for all the towns together
		}
		r.Place, r.Region, r.Country = strPtr(t.Name), strPtr(t.Region), strPtr(t.Country)
		r.Provenance["place"] = "place:" + t.Rule + " [" + t.Text + "] (one of " + strconv.Itoa(len(towns)) + " towns)"
		if r.dateRange && r.Date != nil && len(*r.Date) == 10 {
			m := (*r.Date)[:7]
			r.Date = &m
		}
		if i > 0 {
			r.ID = recordID(doc, s.Start+t.Start)
		}
		out = append(out, r)
	}
	return out
}
