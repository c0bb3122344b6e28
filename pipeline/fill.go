package pipeline

import (
	"incidentkit/extractors/dates"
	"sort"
	"strings"

	"incidentkit/extractors/groups"
	"incidentkit/extractors/places"
	"incidentkit/rules"
)

// builder fills a record from an incident; each value records the rule
// that set it.
type builder struct {
	rs  *rules.Set
	ner *nerFallback
	// word classes and cues of assembly (words/events.yaml, assembly.yaml)
	fake, speaker, pronoun map[string]bool
	attackWords            []string
	authority              *rules.Matcher    // the authorities, in an agent phrase
	fire                   *rules.Matcher    // fire exchanged or people hurt: a raid is a clash
	arrestWords            *rules.Matcher    // a raid that captured someone is an arrest
	security               map[string]bool   // target classes of the forces in a clash
	set                    map[string]string // rule file -> set field: weapons, targets
	// categories (fields.yaml) that assembly treats alike: a clash needs
	// fire exchanged or deaths, else it is an arrest; a foiled plot or an
	// arrest has targets only where an attack word points at them.
	clash, planned, arrest map[string]bool
	violent                map[string]bool // attack and clash: one event in a report
	rank                   map[string]int  // category -> its place in fields.yaml's values
	placeJoiner            map[string]bool // the gaps of a list of places: ",", "; and"
	groupQualifier         []string        // "pro-", "-linked": a group named as a qualifier of another
	authorityAfter         map[string]bool // "government", "health official": a governing group named as the authority
	perpNoun               map[string]bool // "gunmen", "attackers": the nouns that count the attackers
	arrestCategory         string
	clashCategory          string
	parent                 map[string]string // group -> the group it is a province of
	harm, arrestEff        map[string]bool   // effects of harm and of arrest
}

func newBuilder(rs *rules.Set, ner *nerFallback) (*builder, error) {
	b := &builder{rs: rs, ner: ner,
		fake: rs.Classes.Word("fake_modifier").Set(), speaker: rs.Classes.Word("speaker_verb").Set(),
		pronoun: rs.Classes.Word("pronoun_subject").Set(), attackWords: rs.Classes.Word("attack_word").Words,
		security: rs.Classes.Word("security_target").Set(), set: map[string]string{},
		clash: rs.Classes.Word("clash_category").Set(), planned: rs.Classes.Word("planned_category").Set(),
		arrest: rs.Classes.Word("arrest_category").Set(), violent: rs.Classes.Word("violent_category").Set(),
		rank: map[string]int{}, placeJoiner: rs.Classes.Word("place_list_joiner").Set(),
		groupQualifier: rs.Classes.Word("group_qualifier").Words, authorityAfter: rs.Classes.Word("group_authority_noun").Set(), perpNoun: rs.Classes.Word("attacker_noun").Set()}
	if f := rs.Schema.Field("category"); f != nil {
		for i, v := range f.Values {
			b.rank[v] = i
		}
	}
	if a := rs.Classes.Word("arrest_category").Words; len(a) > 0 {
		b.arrestCategory = a[0]
	}
	if c := rs.Classes.Word("clash_category").Words; len(c) > 0 {
		b.clashCategory = c[0]
	}
	for _, f := range rs.Schema.Of(rules.KindSet) {
		b.set[f.From] = f.Name
	}
	b.harm, b.arrestEff = rs.Classes.Word("harm_effect").Set(), rs.Classes.Word("arrest_effect").Set()
	b.parent = map[string]string{}
	for _, g := range rs.Groups {
		b.parent[g.Name] = g.Parent
	}
	var err error
	if b.authority, err = rs.WordMatcher("authority"); err != nil {
		return nil, err
	}
	if b.fire, err = rs.WordMatcher("fire_word"); err != nil {
		return nil, err
	}
	if b.arrestWords, err = rs.WordMatcher("capture_word"); err != nil {
		return nil, err
	}
	return b, nil
}

// build fills a draft record from an incident: its category, date, place,
// perpetrator, counts, weapons and targets, each with its provenance. ok is
// false when the incident is none of ours.
func (b *builder) build(doc string, in *incident, prev func(*sentence) []groups.Mention) (rec draft, ok bool) {
	f := in.first()
	rec = newDraft()
	rec.apart = in.apart
	prov := Provenance{}
	rec.Provenance = prov
	if !b.category(in, &rec) {
		return rec, false
	}
	// The first sentence's date; else that of the first sentence dating
	// the incident ("The attack, which took place on Monday, ...").
	df := f
	if f.date == nil || f.date.Value == "" {
		// The sentence right after an undated opener, telling no other
		// event, dates it: "... in a massive shootout." then "The gunfire
		// was first heard late on November 21."
		if len(in.sents) > 1 {
			if s := in.sents[1]; s.category == "" && !s.reported && s.date != nil && s.date.Value != "" && s.date.Precision == dates.Day && s.Block-f.Block <= 1 {
				df = s
			}
		}
		for _, s := range in.sents[1:] {
			if df != f {
				break
			}
			// Only a sentence telling the event itself: an arrest or a claim
			// joined to it has its own day.
			if s.date != nil && s.date.Value != "" && s.category != "" && b.family(s.category) == b.family(rec.Category) && b.family(rec.Category) != "" {
				df = s
				break
			}
		}
	}
	// A later sentence pointing back with a more precise date of the same
	// event ("Last July, ... militants targeted a checkpoint" then "The
	// attack was carried out on July 7") gives the day.
	if df.date != nil && df.date.Precision != dates.Day && df.date.Value != "" {
		for _, s := range in.sents[1:] {
			if s.refers && s.date != nil && s.date.Precision == dates.Day && !s.reported &&
				compatibleDates(eventValue(s.date), eventValue(df.date)) && b.family(s.category) == b.family(rec.Category) {
				df = s
				break
			}
		}
	}
	if v := eventValue(df.date); v != "" {
		f := df
		rec.Date = strPtr(v)
		prov["date"] = "date:" + f.date.Rule + " [" + f.date.Text + "]"
		rec.reported = f.reported
		rec.dateRange = f.date.Kind == dates.Range
		// Dated only by its report ("announced Wednesday"), the act's own
		// day told later wins ("12 young men arrested Saturday").
		// An earlier report of it is the closer bound ("reported Friday",
		// then "state television reported late Thursday").
		for _, s := range in.sents[1:] {
			if f.reported && s.date != nil && actBefore(eventValue(s.date), v) {
				rec.Date, rec.reported = strPtr(eventValue(s.date)), s.reported
				what := "the act"
				if s.reported {
					what = "an earlier report"
				}
				prov["date"] = "date:" + s.date.Rule + " [" + s.date.Text + "] (" + what + "; reported " + f.date.Text + ")"
				break
			}
		}
	}
	// An event told after an entry marker of its paragraph, with no date of
	// its own ("Jan. 9: In Ayacucho, ... In Lima, police detained five"),
	// is of the marker's day.
	if rec.Date == nil && f.entryDate != nil {
		rec.Date = strPtr(eventValue(f.entryDate))
		prov["date"] = "date:" + f.entryDate.Rule + " [" + f.entryDate.Text + "]"
	}
	// A report's own event told with no day at all takes the month of
	// publication, with only a time of the day its day (spec, Dates).
	if rec.Date == nil && f.lead != "" && !f.plural {
		rec.Date = strPtr(f.lead)
		prov["date"] = "date:publication-month [" + f.lead + "]"
		if len(f.lead) > len("2006-01") {
			prov["date"] = "date:publication-day [" + f.lead + "] (a time of the day in the lead)"
		}
	}
	b.place(in, &rec) // after the date: an undated, unplaced report stays unplaced
	b.perpetrator(in, prev, &rec)
	rec.Counts = b.counts(in, prov)
	rec.Sets["weapons"] = sortedSet(b.weapons(in), prov, b.set["weapons"])
	rec.Sets["targets"] = sortedSet(b.targets(in, rec.Category), prov, b.set["targets"])
	if !b.fighting(in, &rec) {
		return rec, false
	}
	for _, s := range in.sents {
		rec.Evidence = append(rec.Evidence, Evidence{Start: s.Start, End: s.End, Text: s.Text})
	}
	rec.ID = recordID(doc, f.Start)
	rec.block = f.Block
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

// category: the first sentence that reports the event decides; arrests
// of people who, a later sentence says, were preparing an attack are a
// foiled plot (the spec's arrest has "no described plot").
func (b *builder) category(in *incident, rec *draft) bool {
	for i, s := range in.sents {
		if s.category == "" {
			continue
		}
		rec.Category = s.category
		rec.Provenance["category"] = s.trigger.Name + " (" + s.trigger.Source + ") [" + matchText(s, s.trigger) + "]"
		if b.arrest[s.category] {
			for _, later := range in.sents[i+1:] {
				if b.planned[later.category] && !b.arrest[later.category] {
					rec.Category = later.category
					rec.Provenance["category"] += "; " + later.trigger.Name + " (" + later.trigger.Source + ") [" + matchText(later, later.trigger) + "]"
					break
				}
			}
		}
		return true
	}
	return false
}

// place: the most specific place of the first sentence that names one; a
// town the gazetteer does not know but the text names as one; else what
// prose's NER finds in the first sentence.
func (b *builder) place(in *incident, rec *draft) {
	prov := rec.Provenance
	for _, s := range in.sents {
		if len(s.places) == 0 {
			continue
		}
		pos := -1
		if s.category != "" {
			pos = s.trigPos
		}
		place, region, country, rule := resolvePlace(s.places, pos)
		// Arrests in towns of several regions at once ("detained another
		// five suspected IS followers in Taraz and Karaganda") happened in
		// the country, in no one town.
		if b.arrest[rec.Category] && townsApart(s.Text, s.places) {
			place, region = "", ""
			rule = "country:arrests-in-several-regions"
		}
		rec.Place, rec.Region, rec.Country = strPtr(place), strPtr(region), strPtr(country)
		if rule != "" {
			prov["place"] = rule
		}
		// "a knife attack ... in the region of Dagestan" then "... in the
		// city of Kaspiysk": a later town inside the region names the place.
		if place == "" && region != "" {
			if p, ok := laterTown(in, s, region); ok {
				rec.Place = strPtr(p.Name)
				prov["place"] += "; place:" + p.Rule + " [" + p.Text + "]"
			}
		}
		// "... a shootout in Tbilisi" then "in a Tbilisi district of
		// Isani": the city's district told later is the more specific place.
		if place != "" {
			if p, ok := laterDistrict(in, s, place); ok {
				rec.Place = strPtr(p.Name)
				prov["place"] += "; place:" + p.Rule + " [" + p.Text + "] (in " + place + ")"
			}
		}
		break
	}
	f := in.first()
	// A town the gazetteer does not know, named as one: "in the eastern town
	// of Hantoukoura".
	if rec.Place == nil {
		for _, r := range b.rs.Assembly.Settlement {
			if m := r.Re.FindStringSubmatchIndex(f.Text); m != nil && len(m) >= 4 && m[2] >= 0 {
				rec.Place = strPtr(f.Text[m[2]:m[3]])
				prov["place"] = strings.TrimPrefix(prov["place"]+"; ", "; ") + "place:" + r.Name + " [" + f.Text[m[0]:m[1]] + "]"
				// It lies in the region the story is in, when the sentence
				// names no other ("in the village of Endirei", in a story
				// from Dagestan).
				if rec.Region == nil && f.hint.Region != "" && (rec.Country == nil || *rec.Country == f.hint.Country) {
					rec.Region, rec.Country = strPtr(f.hint.Region), strPtr(f.hint.Country)
					prov["region"] = "region:document-context [" + f.hint.Region + "]"
				}
				break
			}
		}
	}
	if rec.Place == nil && rec.Region == nil && rec.Country == nil && b.ner != nil {
		if p, ok := b.ner.place(f.Text); ok {
			place, region, country, rule := resolvePlace([]places.Place{p}, -1)
			rec.Place, rec.Region, rec.Country = strPtr(place), strPtr(region), strPtr(country)
			prov["place"] = rule
		}
	}
	if rec.Place == nil && rec.Region == nil && rec.Country != nil && *rec.Country == f.hint.Country && f.hint.Region != "" {
		rec.contextRegion = f.hint.Region
	}
	// A town the gazetteer does not know lies in the country the document
	// is about (its dateline's, or the last one named); a dated incident
	// placed nowhere, in the country of the report's dateline.
	switch {
	case rec.Place != nil && rec.Country == nil && f.hint.Country != "":
		rec.Country = strPtr(f.hint.Country)
		prov["country"] = "country:document-context [" + f.hint.Country + "]"
	case rec.Place == nil && rec.Region == nil && rec.Country == nil && f.filed.Country != "" && rec.Date != nil:
		rec.Country = strPtr(f.filed.Country)
		prov["country"] = "country:dateline [" + f.filed.Country + "]"
	case rec.Place == nil && rec.Region == nil && rec.Country == nil && f.hint.Country != "":
		rec.contextRegion = f.hint.Region
		// Placed nowhere: the country the story is in so far ("Kenyan
		// police say 12 people have been killed ..." then "In December
		// 2014 they killed 36 quarry workers"), filled once repeated
		// mentions are merged (a guess must not keep them apart).
		rec.contextCountry = f.hint.Country
	}
}

// laterTown is the first town or district of region named after sentence s,
// in the incident or in the sentences after it in its section.
func laterTown(in *incident, s *sentence, region string) (places.Place, bool) {
	for _, later := range append(in.sents[:len(in.sents):len(in.sents)], in.after...) {
		if later.Start <= s.Start {
			continue
		}
		for _, p := range later.places {
			if (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && p.Region == region {
				return p, true
			}
		}
	}
	return places.Place{}, false
}

// laterDistrict is the first district of town read inside it in a later
// sentence of the incident.
func laterDistrict(in *incident, s *sentence, town string) (places.Place, bool) {
	for _, later := range in.sents {
		if later.Start <= s.Start {
			continue
		}
		for _, p := range later.places {
			if p.Kind == places.KindDistrict && p.Within == town {
				return p, true
			}
		}
	}
	return places.Place{}, false
}

// perpetrator: the group named in the first sentence that names one (and
// does not say no one claimed it); a province wins over its parent; "It
// claimed ..." borrows the previous sentence's group.
func (b *builder) perpetrator(in *incident, prev func(*sentence) []groups.Mention, rec *draft) {
	var gs []groups.Mention
	for _, s := range in.sents {
		if len(s.groups) > 0 && !s.matches(b.rs.Assembly.NoClaim) {
			gs = b.unqualified(s.Text, s.groups)
			kept := gs[:0:0]
			for _, g := range gs {
				if !b.governs(s.Text, g) {
					kept = append(kept, g)
				}
			}
			if gs = kept; len(gs) > 0 {
				break
			}
		}
	}
	f := in.first()
	if len(gs) == 0 && b.startsWithPronoun(f.Text) && prev != nil {
		gs = prev(f)
	}
	if g, ok := pickGroup(gs); ok {
		rec.Perpetrator = strPtr(g.Name)
		rec.Provenance["perpetrator"] = g.Rule + " [" + g.Text + "]"
		// A town the gazetteer does not know, in a story that names no
		// country, lies where the group is active when it is active in one
		// country only ("PBCP cadres ... at the village of Kancherkol").
		if rec.Place != nil && rec.Country == nil && len(g.Countries) == 1 {
			rec.Country = strPtr(g.Countries[0])
			rec.Provenance["country"] = "country:group [" + g.Name + "]"
		}
	}
}

// counts: per field the largest count any sentence of the incident gives
// (later sentences restate or complete, they rarely add); a later count
// that says it is more ("another attacker was killed", "two other
// officers") adds to what came before.
func (b *builder) counts(in *incident, prov Provenance) map[string]*int {
	counts := map[string]*int{}
	for _, s := range in.sents {
		facts := b.resolveAntecedents(in, s.facts)
		t := tallyFacts(b.rs.Schema, facts)
		var more, moved []fact
		for _, f := range facts {
			// The wounded who died later, told after their wounding ("two
			// of the wounded officers later died of their injuries"): they
			// add to the dead and leave the wounded counted before.
			if f.from != "" && !t.has(b.fromField(f)) && counts[b.fromField(f)] != nil {
				moved = append(moved, f)
				f.additive = true
			}
			if f.additive {
				more = append(more, f)
			}
		}
		a := tallyFacts(b.rs.Schema, more)
		for _, f := range moved {
			if c := counts[b.fromField(f)]; *c >= f.value {
				n := *c - f.value
				counts[b.fromField(f)] = &n
			}
		}
		for _, field := range sortedKeys(t.counts) {
			v := t.counts[field]
			add := 0
			if counts[field] != nil {
				add = a.counts[field]
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
	return counts
}

// fromField is the count field a fact's people leave (from: injured).
func (b *builder) fromField(f fact) string {
	role := f.role
	if role == rules.RoleTotal || role == "" {
		role = rules.RoleVictim
	}
	if field := b.rs.Schema.CountFor(f.from, role); field != nil {
		return field.Name
	}
	return ""
}

// resolveAntecedents gives a fact that counts by its antecedent the number
// of perpetrators the incident counted ("Four gunmen attacked ...", "the
// four attackers"), the first such count in its sentences and those after
// it in its section; with none, the fact is dropped.
func (b *builder) resolveAntecedents(in *incident, fs []fact) []fact {
	var out []fact
	for _, f := range fs {
		if !f.antecedent {
			out = append(out, f)
			continue
		}
		if n := b.perpetratorCount(in); n > 0 {
			f.value = n
			out = append(out, f)
		}
	}
	return out
}

func (b *builder) perpetratorCount(in *incident) int {
	for _, s := range append(in.sents[:len(in.sents):len(in.sents)], in.after...) {
		for _, n := range s.numbers {
			if n.Value > 0 && b.perpNoun[strings.ToLower(n.Head)] {
				return n.Value
			}
		}
	}
	return 0
}

// weapons: the attackers', anywhere in the incident but not in an agent
// phrase ("shot dead by Russian snipers"), nor fake ones. class -> rule.
func (b *builder) weapons(in *incident) map[string]string {
	set := map[string]string{}
	for _, s := range in.sents {
		for _, c := range b.rs.Sets["weapons"] {
			if !s.may(c) {
				continue
			}
			for _, loc := range c.Re.FindAllStringIndex(s.Text, -1) {
				if b.fakeWeapon(s.Text, loc[0]) {
					continue // "a fake explosive belt" threatens, it does not explode
				}
				// "shot dead by police snipers": the authorities' weapon, not
				// the attackers'; "attacked by 40 gunmen" is the attackers'.
				if b.agent(s.Text, loc[0]) && b.authority != nil && b.authority.MatchString(agentPhrase(s.Text, loc)) {
					continue
				}
				if _, ok := set[c.Value]; !ok {
					set[c.Value] = c.Name + " [" + s.Text[loc[0]:loc[1]] + "]"
				}
			}
		}
	}
	return set
}

// targets: what was attacked, killed, injured or planned against, and in a
// clash the security forces involved. class -> rule.
func (b *builder) targets(in *incident, category string) map[string]string {
	set := map[string]string{}
	for i, s := range in.sents {
		for _, c := range b.rs.Sets["targets"] {
			if !s.may(c) {
				continue
			}
			for _, loc := range c.Re.FindAllStringIndex(s.Text, -1) {
				if b.agent(s.Text, loc[0]) || b.speaks(s.Text, loc[1]) || !b.targeted(s, i, c, category, loc[0]) {
					continue
				}
				if _, seen := set[c.Value]; !seen {
					set[c.Value] = c.Name + " [" + s.Text[loc[0]:loc[1]] + "]"
				}
			}
		}
	}
	return set
}

// targeted: a target cue at pos of sentence i names a target when it names
// the security forces of a clash, comes after an attack word (the only way
// for a plot or an arrest), is in the sentence that reports the event, or is
// the noun of a victims' count.
func (b *builder) targeted(s *sentence, i int, c rules.Rule, category string, pos int) bool {
	switch {
	case b.clash[category] && b.security[c.Value]:
		return true
	case b.planned[category]:
		return b.afterAttackWord(s.Text, pos)
	case i == 0:
		return true
	}
	return b.afterAttackWord(s.Text, pos) || victimNoun(s.facts, pos)
}

// fighting: a raid or operation with nobody killed or hurt and no fire
// exchanged is an arrest operation (spec: a clash needs fire exchanged or
// deaths), and with nobody detained either no incident of ours ("a military
// operation to combat ISIS").
func (b *builder) fighting(in *incident, rec *draft) bool {
	// The other way: an arrest in which the authorities killed suspects
	// ("shot dead two suspected militants and arrested five others in
	// raids") was a raid with people killed, a clash.
	if b.arrest[rec.Category] && b.clashCategory != "" {
		if f := b.rs.Schema.CountFor("killed", rules.RolePerpetrator); f != nil {
			if v := rec.Counts[f.Name]; v != nil && *v > 0 {
				rec.Category = b.clashCategory
				rec.Provenance["category"] += "; suspects killed: " + b.clashCategory
				return true
			}
		}
	}
	if !b.clash[rec.Category] || b.hasHarm(rec.Counts) || b.anyMatch(in, b.fire) {
		return true
	}
	if !b.hasArrest(rec.Counts) && !b.anyArrest(in) {
		return false
	}
	rec.Category = b.arrestCategory
	rec.Provenance["category"] += "; no fire or deaths: " + b.arrestCategory
	return true
}

func matchText(s *sentence, r rules.Rule) string {
	if loc := s.find(r); loc != nil {
		return s.Text[loc[0]:loc[1]]
	}
	return ""
}

// agent reports whether the match at pos sits in a "by ..." phrase.
func (b *builder) agent(text string, pos int) bool {
	before := text[max(0, pos-32):pos]
	for _, r := range b.rs.Assembly.Agent {
		if r.Re.MatchString(before) {
			return true
		}
	}
	return false
}

// fakeWeapon: "a fake explosive belt" threatens, it does not explode.
func (b *builder) fakeWeapon(text string, pos int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, pos-24):pos]))
	for k := 0; k < 2 && k < len(words); k++ {
		if b.fake[words[len(words)-1-k]] {
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

// speaks: "officials said", "police told reporters": who speaks is not
// who was attacked.
func (b *builder) speaks(text string, end int) bool {
	rest := strings.Fields(text[end:min(len(text), end+24)])
	return len(rest) > 0 && b.speaker[strings.ToLower(strings.Trim(rest[0], ",."))]
}

// afterAttackWord: a target cue within the few words after an attack word
// ("an attack on a Russian police station", "sabotage acts at energy
// facilities").
func (b *builder) afterAttackWord(text string, pos int) bool {
	before := strings.ToLower(text[max(0, pos-60):pos])
	for _, w := range b.attackWords {
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
		if f.role == rules.RoleVictim && pos >= f.nounStart && pos < f.nounEnd {
			return true
		}
	}
	return false
}

// anyArrest: an arrest trigger or a capture word in the incident.
func (b *builder) anyArrest(in *incident) bool {
	for _, s := range in.sents {
		if b.arrest[s.category] {
			return true
		}
	}
	return b.anyMatch(in, b.arrestWords)
}

func (b *builder) anyMatch(in *incident, m *rules.Matcher) bool {
	if m == nil {
		return false
	}
	for _, s := range in.sents {
		if m.MatchString(s.Text) {
			return true
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
	if len(out) > 0 && field != "" {
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
	// A country named in the sentence rules out towns of other countries
	// before the nearest is chosen ("on Mount Carmel in Haifa, Israel": not
	// Mount Carmel, Illinois).
	countries := map[string]bool{}
	for _, p := range ps {
		if p.Kind == places.KindCountry {
			countries[p.Country] = true
		}
	}
	for i := range ps {
		p := &ps[i]
		switch p.Kind {
		case places.KindPlace, places.KindDistrict:
			if len(countries) > 0 && p.Country != "" && !countries[p.Country] && anyIn(ps, countries) {
				continue
			}
			// "the village of Forkhill in County Armagh": the village.
			if town != nil && town.Rule == ruleSettlementOf && p.Rule != ruleSettlementOf {
				continue
			}
			if p.Rule == ruleSettlementOf && (town == nil || town.Rule != ruleSettlementOf) {
				town = p
				continue
			}
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
		// A district the gazetteer does not know lies in the one country
		// the sentence names ("the Shiite district of Sadr City ... across
		// Iraq").
		if town != nil && town.Country == "" && len(named) == 1 && ctry != nil {
			t := *town
			t.Country = ctry.Country
			town = &t
		}
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
		// only when they agree. A settlement the gazetteer does not know
		// lies in the region the sentence names ("at Boni, a town ... in
		// the central Mopti region").
		if (town.Country == reg.Country || town.Country == "") && (town.Kind == places.KindDistrict || town.Rule == ruleSettlementOf) && town.Region == "" {
			town.Region, town.Country = reg.Name, reg.Country
		} else {
			town = nil
		}
	}
	// Three towns or more of one region, none before the others ("bombs
	// exploded across Corse-du-Sud ... in Porto-Vecchio, Bonifacio,
	// Propriano and Sartène"): one event of the region, no one place.
	if town != nil && (reg == nil || reg.Region == town.Region) && severalTowns(ps) {
		region, country = town.Region, town.Country
		rules = append(rules, "region:several-towns ["+town.Region+"]")
		town = nil
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

// townsApart reports a list of towns ("in Taraz and Karaganda", "in
// Lahore, Karachi and Quetta") of two regions or more of one country.
func townsApart(text string, ps []places.Place) bool {
	for i := 0; i+1 < len(ps); i++ {
		p, q := ps[i], ps[i+1]
		if p.Kind != places.KindPlace || q.Kind != places.KindPlace || p.Region == "" || q.Region == "" ||
			p.Country != q.Country || p.Region == q.Region || q.Start < p.End {
			continue
		}
		switch strings.TrimSpace(text[p.End:q.Start]) {
		case ",", "and", ", and", "or":
			return true
		}
	}
	return false
}

// anyIn reports a town or district of ps in one of the countries.
func anyIn(ps []places.Place, countries map[string]bool) bool {
	for _, p := range ps {
		if (p.Kind == places.KindPlace || p.Kind == places.KindDistrict) && countries[p.Country] {
			return true
		}
	}
	return false
}

// severalTowns reports three towns or more, all of one known region.
func severalTowns(ps []places.Place) bool {
	names := map[string]bool{}
	region := ""
	for _, p := range ps {
		if p.Kind != places.KindPlace && p.Kind != places.KindDistrict {
			continue
		}
		if p.Region == "" || region != "" && p.Region != region {
			return false
		}
		region = p.Region
		names[p.Name] = true
	}
	return len(names) >= 3
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// startsWithPronoun: "It claimed ...", "The group said ...".
func (b *builder) startsWithPronoun(s string) bool {
	words := strings.Fields(strings.ToLower(s))
	for n := 1; n <= 2 && n < len(words); n++ {
		if b.pronoun[strings.Join(words[:n], " ")] {
			return true
		}
	}
	return false
}

// unqualified drops a group named only as the qualifier of another that
// follows it: "the pro-Islamic State group Jama'at al-Tawhid wal-Jihad",
// "the IS-linked Maute group" name the second. Alone, "IS-linked gunmen"
// still names IS.
func (b *builder) unqualified(text string, gs []groups.Mention) []groups.Mention {
	if len(gs) < 2 {
		return gs
	}
	out := gs[:0:0]
	for i := 0; i < len(gs); i++ {
		g := gs[i]
		if b.qualifies(text, g) {
			// The next group of another name, past the qualifier's own
			// acronym ("pro-"Islamic State" (IS) group ...").
			j := i + 1
			for j < len(gs) && gs[j].Name == g.Name {
				j++
			}
			if j < len(gs) && gs[j].Start-g.End <= 40 {
				i = j - 1
				continue
			}
		}
		out = append(out, g)
	}
	return out
}

// qualifies: the group's name is glued to a qualifier ("pro-IS",
// "IS-linked", "pro-"Islamic State"").
func (b *builder) qualifies(text string, g groups.Mention) bool {
	before := strings.ToLower(strings.TrimRight(text[max(0, g.Start-6):g.Start], "\"“”'’"))
	after := strings.ToLower(strings.TrimLeft(text[g.End:min(len(text), g.End+14)], "\"“”'’)"))
	for _, w := range b.groupQualifier {
		if strings.HasSuffix(w, "-") && strings.HasSuffix(before, w) {
			return true
		}
		if strings.HasPrefix(w, "-") && strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

// governs: a group that governs, named as the authority ("a Taliban
// health official said", "Taliban security forces", "the Houthi
// government"): the state's voice, no perpetrator.
func (b *builder) governs(text string, g groups.Mention) bool {
	words := strings.Fields(strings.ToLower(text[g.End:min(len(text), g.End+40)]))
	for i := 0; i < len(words) && i < 3; i++ {
		w := strings.Trim(words[i], ",.;:'’\"")
		if b.authorityAfter[w] || i+1 < len(words) && b.authorityAfter[w+" "+strings.Trim(words[i+1], ",.;:'’\"")] {
			return true
		}
		if i == 0 && w != "health" && w != "interior" && w != "provincial" && w != "local" && w != "de" && w != "facto" {
			break // only the noun right after, or after one such modifier
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
