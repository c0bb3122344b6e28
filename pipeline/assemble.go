package pipeline

import (
	"regexp"
	"sort"

	"incidentkit/extractors/dates"
	"strings"

	"incidentkit/extractors/groups"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// incident is a group of sentences that report one event: the sentence that
// opens it (with its trigger, usually its date) and its follow-ups.
type incident struct {
	sents []*analysis
}

func (in *incident) first() *analysis { return in.sents[0] }
func (in *incident) last() *analysis  { return in.sents[len(in.sents)-1] }

// group walks the sentences in order and cuts them into incidents:
//   - a sentence with a trigger and its own event date opens an incident,
//     unless it repeats the date of the incident it continues in the same
//     paragraph;
//   - a sentence with a trigger and no date opens one when nothing can be
//     continued, or when its place is elsewhere than the open incident;
//   - any other sentence continues the open incident when it is in the same
//     paragraph, or opens the next paragraph by pointing back ("The attackers
//     ..."); a heading or an unrelated paragraph closes the incident.
func group(as []*analysis) []*incident {
	var out []*incident
	var cur *incident
	// A dated sentence with no trigger that opens a paragraph ("On 31
	// December 2018, an apartment block collapse in Magnitogorsk.") waits:
	// the next sentence of its paragraph may report what happened.
	var opener []*analysis
	for _, a := range as {
		if len(opener) > 0 && (a.Block != opener[0].Block || a.excluded != "" || (a.date != nil && a.date.Value != "")) {
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
		// "Al-Shabaab claimed responsibility for the attack", paragraphs
		// later: the claim belongs to the latest incident of the section.
		if len(out) > 0 && claimRef.MatchString(a.Text) && (len(a.groups) > 0 || a.category == "arrest") {
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
		if !continuable && len(out) > 0 && len(a.dates) == 0 && len(a.places) == 0 && (len(a.facts) > 0 || a.category != "") {
			last := out[len(out)-1]
			if last.first().Section == a.Section && a.Block-last.last().Block <= 2 && (cur == nil || cur == last) {
				cur = last
				continuable = true
			}
		}
		dated := a.date != nil && a.date.Value != ""
		trig := a.category != "" && (!a.weak || dated)
		// A trend ("small-scale attacks across Russia") or a reference to an
		// event told elsewhere ("the Crocus attack") opens nothing: only a
		// dated report does (to the day for a plural trend).
		if a.plural && !(dated && a.date.Precision == dates.Day) {
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
			if continuable && a.Block == cur.last().Block && !a.opensAt && sameDate(cur, a) {
				cur.sents = append(cur.sents, a)
				continue
			}
			cur = &incident{sents: []*analysis{a}}
			out = append(out, cur)
		case trig && !dated:
			if continuable && !elsewhere(cur, a) && !other {
				cur.sents = append(cur.sents, a)
				continue
			}
			cur = &incident{sents: []*analysis{a}}
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
				opener, cur = []*analysis{a}, nil
			}
		}
	}
	return out
}

func sameDate(in *incident, a *analysis) bool {
	d := in.first().date
	if d == nil || a.date == nil {
		return d == nil && a.date == nil
	}
	return compatibleDates(eventValue(d), eventValue(a.date))
}

var settlementName = regexp.MustCompile(`\b(?:village|town|city|settlement|hamlet|township) of ((?:[A-Z][\p{L}'’-]+)(?: [A-Z][\p{L}'’-]+)?)`)

// noClaim: "No group has claimed responsibility": the groups such a sentence
// names are context, not the perpetrator.
var noClaim = regexp.MustCompile(`(?i)\bno (?:group|one|organi[sz]ation)\b[^.;]{0,40}\bclaimed\b|\b(?:not|yet to be|has not been) claimed\b|\bno claim of responsibility\b`)

// claimRef: a claim of responsibility for an event told before.
var claimRef = regexp.MustCompile(`(?i)\b(?:claimed responsibility for (?:the|this|that|both|these)|in connection with (?:the|this|that|these) (?:\w+ )?(?:attacks?|bombings?|shooting|stabbing|explosion|blast|assault|killings?|plot|massacre)|responsibility for (?:the|this) (?:\w+ )?(?:attack|attacks|bombing|bombings|shooting|incident|massacre|assault|explosion|blast|killings?) (?:was|were|has been) claimed|claimed (?:the|this) (?:attack|bombing|shooting|assault))\b`)

// compatibleDates: equal, or one refines the other ("2022" and "2022-12").
func compatibleDates(x, y string) bool {
	if x == "" || y == "" {
		return false
	}
	return strings.HasPrefix(x, y) || strings.HasPrefix(y, x)
}

// elsewhere reports a sentence placed somewhere the incident is not: the
// Surgut stabbing told after the Kaspiysk one.
func elsewhere(in *incident, a *analysis) bool {
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

// fields fills a record from an incident. Each setter records its rule.
type builder struct {
	rs  *rules.Set
	cas *casualtyRules
	ner *nerFallback
}

func (b *builder) build(doc string, in *incident, prev func(*analysis) []groups.Mention) (draft, bool) {
	f := in.first()
	prov := Provenance{}
	rec := newDraft()

	// The first sentence that reports the event decides its category.
	for _, s := range in.sents {
		if s.category != "" {
			rec.Category = s.category
			prov["category"] = s.trigger.Name + " (" + s.trigger.Source + ") [" + matchText(s.trigger, s.Text) + "]"
			break
		}
	}
	if rec.Category == "" {
		return rec, false
	}

	if v := eventValue(f.date); v != "" {
		rec.Date = strPtr(v)
		prov["date"] = "date:" + f.date.Rule + " [" + f.date.Text + "]"
	}

	// Place: the first sentence that names one.
	for _, s := range in.sents {
		if len(s.places) == 0 {
			continue
		}
		pos := -1
		if s.category != "" {
			pos = s.trigPos
		}
		place, region, country, rule := resolvePlace(s.places, pos)
		rec.Place, rec.Region, rec.Country = strPtr(place), strPtr(region), strPtr(country)
		if rule != "" {
			prov["place"] = rule
		}
		// "a knife attack ... in the region of Dagestan" then "... in the
		// city of Kaspiysk": a later town inside the region names the place.
		if place == "" && region != "" {
			for _, later := range in.sents {
				if later.Start <= s.Start {
					continue
				}
				for _, p := range later.places {
					if (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && p.Region == region {
						rec.Place = strPtr(p.Name)
						prov["place"] += "; place:" + p.Rule + " [" + p.Text + "]"
						break
					}
				}
				if rec.Place != nil {
					break
				}
			}
		}
		break
	}

	// A town the gazetteer does not know, named as one: "in the eastern town
	// of Hantoukoura".
	if rec.Place == nil {
		if m := settlementName.FindStringSubmatchIndex(f.Text); m != nil {
			rec.Place = strPtr(f.Text[m[2]:m[3]])
			prov["place"] = strings.TrimPrefix(prov["place"]+"; ", "; ") + "place:settlement-of [" + f.Text[m[0]:m[1]] + "]"
		}
	}

	// Nothing in the gazetteer: ask prose's NER about the first sentence.
	if rec.Place == nil && rec.Region == nil && rec.Country == nil && b.ner != nil {
		if p, ok := b.ner.place(f.Text); ok {
			place, region, country, rule := resolvePlace([]places.Place{p}, -1)
			rec.Place, rec.Region, rec.Country = strPtr(place), strPtr(region), strPtr(country)
			prov["place"] = rule
		}
	}

	// Perpetrator: the group named in the first sentence that names one; a
	// province wins over its parent; "It claimed ..." borrows the previous
	// sentence's group.
	var gs []groups.Mention
	for _, s := range in.sents {
		if len(s.groups) > 0 && !noClaim.MatchString(s.Text) {
			gs = s.groups
			break
		}
	}
	if len(gs) == 0 && startsWithPronoun(f.Text) && prev != nil {
		gs = prev(f)
	}
	if g, ok := pickGroup(gs); ok {
		rec.Perpetrator = strPtr(g.Name)
		prov["perpetrator"] = g.Rule + " [" + g.Text + "]"
	}

	// Counts: per field the largest count any sentence of the incident gives
	// (later sentences restate or complete, they rarely add).
	// A later count that says it is more ("another attacker was killed",
	// "two other officers") adds to what came before.
	counts := map[string]*int{}
	for _, s := range in.sents {
		t := tallyFacts(s.facts)
		var more []fact
		for _, f := range s.facts {
			if f.additive {
				more = append(more, f)
			}
		}
		a := tallyFacts(more)
		for field, v := range t.fields() {
			if !t.has[field] {
				continue
			}
			add := 0
			if counts[field] != nil {
				add = a.fields()[field]
			}
			base := v - add
			switch {
			case counts[field] == nil:
				counts[field] = &v
				prov[field] = t.rules[field]
			case add > 0 || base > *counts[field]:
				n := max(*counts[field], base) + add
				counts[field] = &n
				prov[field] += "; " + t.rules[field]
			}
		}
	}
	rec.Counts = counts

	// Weapons: the attackers', anywhere in the incident but not in an agent
	// phrase ("shot dead by Russian snipers").
	wset := map[string]string{}
	for _, s := range in.sents {
		for _, c := range b.rs.Weapons {
			if !s.may(c) {
				continue
			}
			for _, loc := range c.Re.Regexp.FindAllStringIndex(s.Text, -1) {
				if fakeWeapon(s.Text, loc[0]) {
					continue // "a fake explosive belt" threatens, it does not explode
				}
				// "shot dead by police snipers": the authorities' weapon, not
				// the attackers'; "attacked by 40 gunmen" is the attackers'.
				if b.agent(s.Text, loc[0]) && b.rs.Casualties.Authorities.MatchString(agentPhrase(s.Text, loc)) {
					continue
				}
				if _, ok := wset[c.Value]; !ok {
					wset[c.Value] = c.Name + " [" + s.Text[loc[0]:loc[1]] + "]"
				}
			}
		}
	}
	rec.Sets["weapons"] = sortedSet(wset, prov, "weapons")

	// Targets: what was attacked, killed, injured or planned against, and in
	// a clash the security forces involved.
	tset := map[string]string{}
	for i, s := range in.sents {
		for _, c := range b.rs.Targets {
			if !s.may(c) {
				continue
			}
			for _, loc := range c.Re.Regexp.FindAllStringIndex(s.Text, -1) {
				if b.agent(s.Text, loc[0]) || speaker(s.Text, loc[1]) {
					continue
				}
				security := c.Value == "police" || c.Value == "security_forces" || c.Value == "military"
				ok := false
				switch {
				case rec.Category == "clash" && security:
					ok = true
				case rec.Category == "foiled_plot" || rec.Category == "arrest":
					ok = afterAttackWord(s.Text, loc[0])
				case i == 0:
					ok = true
				default:
					ok = afterAttackWord(s.Text, loc[0]) || victimNoun(s.facts, loc[0])
				}
				if ok {
					if _, seen := tset[c.Value]; !seen {
						tset[c.Value] = c.Name + " [" + s.Text[loc[0]:loc[1]] + "]"
					}
				}
			}
		}
	}
	rec.Sets["targets"] = sortedSet(tset, prov, "targets")

	// A raid or operation with nobody killed or hurt and no fire exchanged is
	// an arrest operation (spec: a clash needs fire exchanged or deaths).
	if rec.Category == "clash" && !b.hasHarm(counts) && !fireExchanged(in) {
		if !b.hasArrest(counts) && !anyArrest(in) {
			// "a military operation to combat ISIS": no fighting, nobody
			// detained: no incident of ours.
			return rec, false
		}
		rec.Category = "arrest"
		prov["category"] += "; no fire or deaths: arrest"
	}

	for _, s := range in.sents {
		rec.Evidence = append(rec.Evidence, Evidence{Start: s.Start, End: s.End, Text: s.Text})
	}
	rec.ID = recordID(doc, f.Start)
	rec.Provenance = prov

	// What is not an incident: neither a date nor a place; an undated event
	// with no town and no count (a trend, a threat).
	if rec.Date == nil && rec.Place == nil && rec.Region == nil && rec.Country == nil {
		return rec, false
	}
	if rec.Date == nil && rec.Place == nil && !rec.hasCount() {
		return rec, false
	}
	return rec, true
}

func matchText(c rules.Cue, text string) string {
	if loc := c.Re.FindStringIndex(text); loc != nil {
		return text[loc[0]:loc[1]]
	}
	return ""
}

// agent reports whether the match at pos sits in a "by ..." phrase.
func (b *builder) agent(text string, pos int) bool {
	before := text[max(0, pos-32):pos]
	if !strings.Contains(before, "by ") && !strings.Contains(before, "By ") {
		return false // the agent rule needs a "by"
	}
	return b.rs.Agent.MatchString(before)
}

func fakeWeapon(text string, pos int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, pos-24):pos]))
	for k := 0; k < 2 && k < len(words); k++ {
		switch words[len(words)-1-k] {
		case "fake", "imitation", "replica", "dummy", "toy", "hoax", "mock":
			return true
		}
	}
	return false
}

// agentPhrase is "by ... <cue>" for a cue in an agent phrase.
func agentPhrase(text string, loc []int) string {
	start := max(0, loc[0]-32)
	before := strings.ToLower(text[start:loc[0]])
	if i := strings.LastIndex(before, "by "); i >= 0 {
		return text[start+i : loc[1]]
	}
	return text[loc[0]:loc[1]]
}

// speaker: "officials said", "police told reporters": who speaks is not
// who was attacked.
func speaker(text string, end int) bool {
	rest := strings.Fields(text[end:min(len(text), end+24)])
	if len(rest) == 0 {
		return false
	}
	switch strings.Trim(rest[0], ",.") {
	case "said", "say", "says", "told", "reported", "announced", "confirmed", "stated", "added", "claimed", "believe", "believed", "blamed":
		return true
	}
	return false
}

var attackWords = []string{"attack", "attacks", "attacked", "bombing", "sabotage", "targeting", "targeted", "against", "bomb", "blow up", "strike", "assault", "attacking", "ambushed", "stormed", "raided"}

// afterAttackWord: a target cue within the few words after an attack word
// ("an attack on a Russian police station", "sabotage acts at energy facilities").
func afterAttackWord(text string, pos int) bool {
	before := strings.ToLower(text[max(0, pos-60):pos])
	for _, w := range attackWords {
		i := strings.LastIndex(before, w)
		if i < 0 {
			continue
		}
		gap := before[i+len(w):]
		if strings.Count(gap, " ") <= 6 && !strings.ContainsAny(gap, ".;") {
			return true
		}
	}
	return false
}

func victimNoun(fs []fact, pos int) bool {
	for _, f := range fs {
		if f.role == roleVictim && pos >= f.nounStart && pos < f.nounEnd {
			return true
		}
	}
	return false
}

func anyArrest(in *incident) bool {
	for _, s := range in.sents {
		if s.category == "arrest" || strings.Contains(strings.ToLower(s.Text), "captured") {
			return true
		}
	}
	return false
}

func fireExchanged(in *incident) bool {
	for _, s := range in.sents {
		l := strings.ToLower(s.Text)
		for _, w := range []string{"shoot-out", "shootout", "firefight", "fire fight", "gun battle", "gunfight", "exchange of fire", "exchanged fire", "clash", "opened fire", "armed resistance", "shot dead", "killed", "wounded", "injured"} {
			if strings.Contains(l, w) {
				return true
			}
		}
	}
	return false
}

func sortedSet(m map[string]string, prov Provenance, field string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(out) > 0 {
		var rs []string
		for _, k := range out {
			rs = append(rs, k+": "+m[k])
		}
		prov[field] = strings.Join(rs, "; ")
	}
	return out
}

// resolvePlace picks the most specific place of a sentence, keeping the
// region and country it lies in. A region named explicitly wins over the
// region a place implies ("the Moscow metro ... in the Moscow region" gives
// Moscow Oblast and no place).
func resolvePlace(ps []places.Place, pos int) (place, region, country, rule string) {
	// Of each kind, the mention nearest the event word: "killed in Islamist
	// attacks in Syria ..., when ... crashed in the Sinai after a blast".
	var town, reg, ctry *places.Place
	near := func(cur, p *places.Place) *places.Place {
		if cur == nil || pos >= 0 && abs(p.Start-pos) < abs(cur.Start-pos) {
			return p
		}
		return cur
	}
	for i := range ps {
		p := &ps[i]
		switch p.Kind {
		case places.KindPlace, places.KindDistrict:
			town = near(town, p)
		case places.KindRegion:
			reg = near(reg, p)
		case places.KindCountry:
			ctry = near(ctry, p)
		}
	}
	var rules []string
	// A country named in the sentence overrides a same-named town elsewhere
	// ("the village of Solhan in northern Burkina Faso" is not Solhan in
	// Turkey).
	named := map[string]bool{}
	for _, p := range ps {
		if p.Kind == places.KindCountry {
			named[p.Country] = true
		}
	}
	if len(named) > 0 {
		if town != nil && !named[town.Country] {
			town = nil
		}
		if reg != nil && !named[reg.Country] {
			reg = nil
		}
		if ctry != nil && town != nil && town.Country != ctry.Country {
			ctry = nil // the country of the town wins among those named
		}
	}
	if town != nil && reg != nil && town.Region != reg.Region {
		// A district may be its own first-level unit (Azerbaijan): keep both
		// only when they agree.
		if town.Country == reg.Country && town.Kind == places.KindDistrict && town.Region == "" {
			town.Region = reg.Name
		} else {
			town = nil
		}
	}
	if town != nil {
		place, region, country = town.Name, town.Region, town.Country
		rules = append(rules, "place:"+town.Rule+" ["+town.Text+"]")
	}
	if reg != nil {
		region, country = reg.Region, reg.Country
		if region == "" {
			region = reg.Name
		}
		rules = append(rules, "region:"+reg.Rule+" ["+reg.Text+"]")
	}
	if ctry != nil && country == "" {
		country = ctry.Country
		if country == "" {
			country = ctry.Name
		}
		rules = append(rules, "country:"+ctry.Rule+" ["+ctry.Text+"]")
	}
	return place, region, country, strings.Join(rules, "; ")
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func startsWithPronoun(s string) bool {
	for _, p := range []string{"It ", "It's ", "The group ", "The organisation ", "The organization ", "They ", "Its "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// pickGroup: the first group named, unless a more specific one (a province
// of it) is named too.
func pickGroup(gs []groups.Mention) (groups.Mention, bool) {
	if len(gs) == 0 {
		return groups.Mention{}, false
	}
	best := gs[0]
	for _, g := range gs[1:] {
		if g.Parent != "" && g.Parent == best.Name {
			best = g
		}
	}
	return best, true
}

// mergeRepeats folds later mentions of one incident into the first: same
// category, compatible dates, compatible places, agreeing groups (a province
// agrees with its parent, and the more specific name is kept).
func (b *builder) mergeRepeats(recs []draft) []draft {
	parent := map[string]string{}
	for _, g := range b.rs.Groups {
		parent[g.Name] = g.Parent
	}
	var out []draft
	for _, r := range recs {
		merged := false
		for i := range out {
			if sameIncident(out[i], r, parent) {
				out[i] = mergeInto(out[i], r, parent)
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

func sameIncident(a, b draft, parent map[string]string) bool {
	if a.Category != b.Category {
		return false
	}
	// An undated mention of the same kind of event in the same town ("Three
	// armed assailants attacked the hotel") is the dated one told again.
	if (a.Date == nil) != (b.Date == nil) {
		return a.Place != nil && b.Place != nil && *a.Place == *b.Place && agreeGroup(a.Perpetrator, b.Perpetrator, parent)
	}
	if a.Date == nil || b.Date == nil || !compatibleDates(*a.Date, *b.Date) {
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
	if len(*a.Date) == 10 && *a.Date == *b.Date && (a.Place != nil || b.Place != nil) && !(a.Place != nil && b.Place != nil) {
		return false
	}
	return true
}

func agreeGroup(x, y *string, parent map[string]string) bool {
	return x == nil || y == nil || *x == *y || parent[*x] == *y || parent[*y] == *x
}

func agree(x, y *string) bool {
	return x == nil || y == nil || *x == *y
}

func mergeInto(a, b draft, parent map[string]string) draft {
	folded := b.ID
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
