package pipeline

import (
	"strings"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// cutter cuts the analysed sentences of a document into incidents.
type cutter struct {
	claimRef []rules.Rule // a claim or an arrest tied to an event told before
	laterAct []rules.Rule // "In the days following the attack, ...": an act of its own
	// arrest: the categories of arrests, which a claim reference also ties
	// to the latest incident ("arrested in connection with the attack").
	arrest map[string]bool
	// families: categories one event may be told as (attack and clash;
	// foiled plot and arrest), by category.
	family map[string]string
}

func newCutter(rs *rules.Set) *cutter {
	c := &cutter{claimRef: rs.Assembly.ClaimRef, laterAct: rs.Assembly.LaterAct, arrest: rs.Classes.Word("arrest_category").Set(), family: map[string]string{}}
	for _, f := range []string{"violent_category", "planned_category"} {
		for _, w := range rs.Classes.Word(f).Words {
			c.family[w] = f
		}
	}
	return c
}

// sameFamily reports categories one event may be told as.
func (c *cutter) sameFamily(x, y string) bool {
	return x == y || c.family[x] != "" && c.family[x] == c.family[y]
}

// incident is a group of sentences that report one event: the sentence that
// opens it (with its trigger, usually its date) and its follow-ups.
type incident struct {
	sents []*sentence
	// after holds the sentences that follow it in its section, up to the
	// next incident: no part of it, but they may still name its town ("The
	// four were in a car stopped by police on a road in Nalchik").
	after []*sentence
	// apart: a later act of its own ("Turkish forces later killed six
	// militants in operations"): never merged with another mention.
	apart bool
}

// withAfter sets each incident's after: the sentences of its section after
// its last one and before the next incident's first.
func withAfter(ins []*incident, as []*sentence) []*incident {
	for _, in := range ins {
		// The next incident to open after its last sentence (a background
		// event named in passing may be listed later but stand earlier).
		last := indexOf(as, in.last())
		end := len(as)
		for _, other := range ins {
			if f := indexOf(as, other.first()); f > last && f < end {
				end = f
			}
		}
		for k := last + 1; k >= 1 && k < end; k++ {
			if as[k].Section != in.last().Section {
				break
			}
			in.after = append(in.after, as[k])
		}
	}
	return ins
}

func indexOf(as []*sentence, s *sentence) int {
	for i, a := range as {
		if a == s {
			return i
		}
	}
	return -1
}

func (in *incident) first() *sentence { return in.sents[0] }
func (in *incident) last() *sentence  { return in.sents[len(in.sents)-1] }

// group walks the sentences in order and cuts them into incidents:
//   - a sentence with a trigger and its own event date opens an incident,
//     unless it repeats the date of the incident it continues in the same
//     paragraph;
//   - a sentence with a trigger and no date opens one when nothing can be
//     continued, or when its place is elsewhere than the open incident;
//   - any other sentence continues the open incident when it is in the same
//     paragraph, or opens the next paragraph by pointing back ("The attackers
//     ..."); a heading or an unrelated paragraph closes the incident.
func (c *cutter) cut(as []*sentence) []*incident {
	var out []*incident
	var cur *incident
	report := !chronology(as) // a report of one event, not dated entries
	// A dated sentence with no trigger that opens a paragraph ("On 31
	// December 2018, an apartment block collapse in Magnitogorsk.") waits:
	// the next sentence of its paragraph may report what happened.
	var opener []*sentence
	for _, a := range as {
		// An opener waits for the next sentence of its paragraph, unless that
		// tells a date of its own ("July 26—29." then "2009 —Clashes ..."
		// still is the entry of July 26).
		if len(opener) > 0 && (a.Block != opener[0].Block || a.excluded != "" ||
			(a.date != nil && a.date.Value != "" && !compatibleDates(eventValue(a.date), eventValue(opener[0].date)))) {
			opener = nil
		}
		if len(opener) > 0 {
			if a.category == "" {
				opener = append(opener, a)
				continue
			}
			cur = &incident{sents: append(opener, a)}
			out = append(out, cur)
			opener = nil
			continue
		}
		if a.excluded != "" {
			// A court case or a custody death neither opens nor extends one.
			if cur != nil && a.Block != cur.last().Block {
				cur = nil
			}
			continue
		}
		// "In the days following the attack, the army ... killing 30
		// militants": an act of its own, never part of the one before; with
		// neither a date nor a place of its own it is no incident at all.
		// (Arrests over an attack stay with it, whatever their day.)
		if a.category != "" && !c.arrest[a.category] && a.matches(c.laterAct) {
			cur = nil
			if (a.date == nil || a.date.Value == "") && len(a.places) == 0 {
				continue
			}
			cur = &incident{sents: []*sentence{a}, apart: true}
			out = append(out, cur)
			continue
		}
		// "Al-Shabaab claimed responsibility for the attack", paragraphs
		// later: the claim belongs to the latest incident of the section.
		if len(out) > 0 && a.matches(c.claimRef) && (len(a.groups) > 0 || c.arrest[a.category]) {
			last := out[len(out)-1]
			if last.first().Section == a.Section {
				last.sents = append(last.sents, a)
				cur = last
				continue
			}
		}
		continuable := cur != nil && (a.Block == cur.last().Block ||
			(a.Block == cur.last().Block+1 && a.Section == cur.last().Section && a.anaphora))
		// A toll told a paragraph or two later, with no event of its own
		// ("security forces had killed six armed men"), completes the
		// incident of its section.
		// Likewise an undated, unplaced report of the event ("Three armed
		// assailants attacked the hotel"): it tells more of the same incident,
		// it cannot be one of its own.
		// A place it names must be the incident's own ("... in a Tbilisi
		// district of Isani ..., killing one and injuring four officers").
		if !continuable && len(out) > 0 && len(a.dates) == 0 && (len(a.facts) > 0 || a.category != "") {
			last := out[len(out)-1]
			if last.first().Section == a.Section && a.Block-last.last().Block <= 2 && (cur == nil || cur == last) &&
				(len(a.places) == 0 || samePlace(last, a)) && !(a.category != "" && opensOwnTown(last, a)) {
				cur = last
				continuable = true
			}
		}
		dated := a.date != nil && a.date.Value != ""
		// A chronology's introduction, before its first dated entry,
		// sums up what the entries tell ("This annex lists the principal
		// incidents of politically motivated violence ..."): it opens none.
		if !report && len(out) == 0 && !dated && a.entryDate == nil && !a.Entry {
			continue
		}
		// A killing told in a report's lead, placed and counted ("Gunmen
		// killed three policemen in Nazran") is the report's own event,
		// dated or not.
		leadKilling := a.weak && a.lead != "" && len(a.places) > 0 && len(a.facts) > 0
		trig := a.category != "" && (!a.weak || dated || leadKilling)
		// A trend ("small-scale attacks across Russia") or a reference to an
		// event told elsewhere ("the Crocus attack") opens nothing: only a
		// dated report does (to the day for a plural trend).
		// A chronology's entry that opens with its month ("March: Blasts in
		// a train station ...") reports that event, plural or not.
		// So does a dated series in one town with its toll ("a series of
		// suicide bombings on churches in Surabaya in May 2018 that killed
		// more than a dozen people").
		// A round-up's lead dated only by its report ("A weekend of guerrilla
		// attacks ... left at least 20 people dead across El Salvador, ...
		// officials said Monday") opens nothing: the attacks it sums up are
		// told after it, each with its own day.
		if a.plural && !(dated && a.date.Precision == dates.Day && !a.reported) && !(dated && a.opensAt && a.date.Precision == dates.Month) &&
			!(dated && a.date.Precision == dates.Month && len(a.facts) > 0 && oneTown(a)) {
			trig = false
		}
		// "... two days after a bombing in Manchester", "... after eight
		// people were injured in Surgut just over a week ago": another event,
		// placed and dated relative to this one.
		other := a.category != "" && a.date != nil && a.date.Kind == dates.Relative && !dated && len(a.places) > 0
		if a.refers && !dated && len(out) > 0 && !other {
			trig = false
		}
		switch {
		case trig && dated:
			// (the second event split from a sentence is never the first's)
			if continuable && a.Block == cur.last().Block && !a.opensAt && sameDate(cur, a) && !(a.Split && elsewhere(cur, a)) {
				cur.sents = append(cur.sents, a)
				continue
			}
			// "The attack, which took place on Monday, ...": a dated sentence
			// pointing back dates the latest incident of its section when
			// that one told no date (or the same) and no other place.
			if a.refers && !other && len(out) > 0 && (a.date.Precision == dates.Day || actOf(out[len(out)-1], a)) {
				last := out[len(out)-1]
				if last.first().Section == a.Section && a.Block-last.last().Block <= 3 && (undated(last) || sameDate(last, a) || actOf(last, a)) && !elsewhere(last, a) {
					last.sents = append(last.sents, a)
					cur = last
					continue
				}
			}
			// "... the Paris prosecutor announced Wednesday." then "12 young
			// men arrested Saturday ...": the act the report announced.
			if len(out) > 0 {
				last := out[len(out)-1]
				if last.first().Section == a.Section && a.Block-last.last().Block <= 2 && c.sameFamily(last.first().category, a.category) && actOf(last, a) && !elsewhere(last, a) {
					last.sents = append(last.sents, a)
					cur = last
					continue
				}
			}
			// "... taking revenge for the detained suspects in the Crocus
			// City Hall attack in March 2024": an earlier event named in
			// passing, inside the paragraph of this one, is a record of its
			// own, but what follows still tells this one.
			if report && a.refers && cur != nil && a.Block == cur.last().Block && !sameDate(cur, a) {
				out = append(out, &incident{sents: []*sentence{a}})
				continue
			}
			cur = &incident{sents: []*sentence{a}}
			out = append(out, cur)
		case trig && !dated:
			// "the suspect ... was taken into custody at Brokstedt station":
			// the arrest of the attacker is part of the attack wherever it
			// happened (spec).
			if continuable && !other && c.arrest[a.category] && a.anaphora && !c.arrest[cur.first().category] {
				cur.sents = append(cur.sents, a)
				continue
			}
			if continuable && !elsewhere(cur, a) && !other {
				cur.sents = append(cur.sents, a)
				continue
			}
			cur = &incident{sents: []*sentence{a}}
			out = append(out, cur)
		default:
			if continuable && !(a.date != nil && a.date.Value != "" && !sameDate(cur, a) && a.opensAt) {
				cur.sents = append(cur.sents, a)
				continue
			}
			if cur != nil && a.Block != cur.last().Block {
				cur = nil
			}
			if a.category == "" && a.opensAt && a.date != nil && a.date.Value != "" {
				opener, cur = []*sentence{a}, nil
			}
		}
	}
	return out
}

// chronology reports a document laid out as dated entries (a timeline, a
// list of attacks) rather than a report of one event: four or more
// paragraphs open with a date of their own, a third of those that tell an
// event or more.
func chronology(as []*sentence) bool {
	opened, events := map[int]bool{}, map[int]bool{}
	first := map[int]bool{}
	// Entry markers inside run-in paragraphs ("Jan. 8: ... Jan. 9: ...")
	// count as entries too.
	markers := 0
	for _, a := range as {
		if a.marker {
			markers++
		}
	}
	if markers >= 4 {
		return true
	}
	for _, a := range as {
		if first[a.Block] {
			if a.category != "" {
				events[a.Block] = true
			}
			continue
		}
		first[a.Block] = true
		if a.category != "" {
			events[a.Block] = true
		}
		if a.opensAt && a.date != nil && a.date.Value != "" && a.date.Precision != dates.Year {
			opened[a.Block] = true
		}
	}
	return len(opened) >= 4 && 3*len(opened) >= len(events)
}

// actOf reports a sentence dating the act of an incident that only its
// report's date dated: a day within reportLag before it.
func actOf(in *incident, a *sentence) bool {
	d := datedBy(in)
	return d != nil && d.reported && a.date != nil && !a.reported && actBefore(eventValue(a.date), eventValue(d.date))
}

// datedBy is the first sentence of an incident that tells a date, or nil.
func datedBy(in *incident) *sentence {
	for _, s := range in.sents {
		if s.date != nil && s.date.Value != "" {
			return s
		}
	}
	return nil
}

// undated reports an incident none of whose sentences tells a date.
func undated(in *incident) bool {
	for _, s := range in.sents {
		if s.date != nil && s.date.Value != "" {
			return false
		}
	}
	return true
}

func sameDate(in *incident, a *sentence) bool {
	d := in.first().date
	if d == nil || a.date == nil {
		return d == nil && a.date == nil
	}
	return compatibleDates(eventValue(d), eventValue(a.date))
}

// compatibleDates: equal, or one refines the other ("2022" and "2022-12").
func compatibleDates(x, y string) bool {
	if x == "" || y == "" {
		return false
	}
	return strings.HasPrefix(x, y) || strings.HasPrefix(y, x)
}

// elsewhere reports a sentence placed somewhere the incident is not: the
// Surgut stabbing told after the Kaspiysk one.
func elsewhere(in *incident, a *sentence) bool {
	if len(a.places) == 0 {
		return false
	}
	var have []places.Place
	for _, s := range in.sents {
		have = append(have, s.places...)
	}
	if len(have) == 0 {
		return false
	}
	for _, p := range a.places {
		for _, h := range have {
			if nested(p, h) || nested(h, p) {
				return false
			}
		}
	}
	return true
}

// nested reports whether a lies within (or is) b.
func nested(a, b places.Place) bool {
	switch b.Kind {
	case places.KindCountry:
		return a.Country == b.Country
	case places.KindRegion:
		return a.Region == b.Region && a.Country == b.Country
	default:
		return a.Name == b.Name && a.Country == b.Country
	}
}

// samePlace reports whether every town, district or region sentence a
// names lies within (or holds) one the incident named: "a Tbilisi
// district" in a story of a shootout in Tbilisi. A country alone settles
// nothing ("in eastern Turkey" holds every Turkish district).
func samePlace(in *incident, a *sentence) bool {
	local := func(p places.Place) bool { return p.Kind != places.KindCountry }
	n := 0
	for _, p := range a.places {
		if !local(p) {
			continue
		}
		n++
		found := false
		for _, s := range in.sents {
			for _, h := range s.places {
				if local(h) && (nested(p, h) || nested(h, p)) {
					found = true
				}
			}
		}
		if !found {
			return false
		}
	}
	return n > 0
}

// opensOwnTown reports a sentence that opens with a town the incident does
// not name ("In Pyatigorsk, a local resident ... was detained" after "The
// FSB prevented attacks ... in Moscow, Stavropol Krai and
// Karachay-Cherkessia"): the event of that town, told on its own.
func opensOwnTown(in *incident, a *sentence) bool {
	if len(a.places) == 0 || a.places[0].Kind != places.KindPlace {
		return false
	}
	p := a.places[0]
	if !strings.EqualFold(strings.TrimSpace(a.Text[:p.Start]), "in") || !strings.HasPrefix(a.Text[p.End:], ",") {
		return false
	}
	for _, s := range in.sents {
		for _, q := range s.places {
			if q.Name == p.Name {
				return false
			}
		}
	}
	return true
}

// oneTown reports a sentence that names exactly one town or district.
func oneTown(a *sentence) bool {
	n := 0
	for _, p := range a.places {
		if p.Kind == places.KindPlace || p.Kind == places.KindDistrict {
			n++
		}
	}
	return n == 1
}
