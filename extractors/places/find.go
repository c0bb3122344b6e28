package places

import (
	"slices"
	"strings"

	"incidentkit/extractors"
)

// mention is a matched name before disambiguation.
type mention struct {
	start, end int
	ents       []int32
	trust      []uint8 // per entity; nil for suffix/fuzzy matches (alias trust)
	rule       string
	weak       bool // stop-list weak name: needs a cue or support
	sentStart  bool // first token of a sentence
	cue        bool // preceded by a locative word ("in", "near", "outside")
	looseCue   bool // preceded by a word that often precedes places ("from", "of")
	personLike bool // a capitalised word right before or after: "Murat Kurnaz"
	strongCue  bool // preceded by "village of", "town of", "city of", ...
	regionCue  bool // preceded by "province of", "region of": a region, never a town by another name
}

// smallPop is the population under which a matched place needs some
// support (a cue word or its region/country nearby): many hamlets are named
// like surnames and common words.
const smallPop = 5000

// Find returns the place mentions in text, in text order, non-overlapping;
// at each position the longest name wins. hint says which country and region
// the document is about, to settle ambiguous names.
func (g *Gazetteer) Find(text string, hint Hint) []Place {
	// Mentions live on the stack for ordinary sentences, so that names
	// matched and then rejected ("Long", "Police") cost no allocation.
	var buf [8]mention
	ms := buf[:0]
	var p1s, p1e, p2s, p2e = -1, -1, -1, -1
	prevEnd := 0
	i := 0
	for {
		s, e := nextToken(text, i)
		if s < 0 {
			break
		}
		sentStart := prevEnd == 0 && p1s < 0 || sentenceBreak(text[prevEnd:s])
		if isUpperStart(text[s:e]) {
			if m, ok := g.matchAt(text, s, e); ok {
				m.sentStart = sentStart
				if p1s >= 0 && !sentStart {
					w1 := text[p1s:p1e]
					m.cue, m.looseCue = g.cues[w1], g.looseCues[w1]
					m.personLike = text[p1e:s] == " " && isUpperStart(w1) && !g.never[w1]
					if p2s >= 0 && (w1 == "of" || w1 == "in") {
						m.strongCue = g.strongCues[asciiLower(text[p2s:p2e])]
						m.regionCue = g.regionCues[asciiLower(text[p2s:p2e])]
					}
				}
				// "in Blida province": a region named by its unit word after
				// it, not the town of the same name.
				if ns, ne := nextToken(text, m.end); ns == m.end+1 && text[m.end] == ' ' && g.regionCues[asciiLower(text[ns:ne])] {
					m.regionCue = true
				}
				// "Murat Kurnaz" reads as a person; "Garissa University
				// College", "Kabul International Airport" name a venue in
				// the town.
				if ns, ne := nextToken(text, m.end); ns == m.end+1 && text[m.end] == ' ' && isUpperStart(text[ns:ne]) && !g.never[text[ns:ne]] {
					if g.venueAfter[text[ns:ne]] {
						m.cue = m.cue || m.looseCue
					} else {
						m.personLike = true
					}
				}
				ms = append(ms, m)
				p2s, p2e, p1s, p1e = -1, -1, -1, -1
				prevEnd, i = m.end, m.end
				continue
			}
		}
		p2s, p2e, p1s, p1e = p1s, p1e, s, e
		prevEnd, i = e, e
	}
	if len(ms) == 0 {
		return nil
	}
	return g.resolve(text, ms, hint)
}

// matchAt tries the names starting with the capitalised token text[s:e].
func (g *Gazetteer) matchAt(text string, s, e int) (mention, bool) {
	tok := text[s:e]
	// A never-word ("North", "Saint", "Police") is no place on its own but
	// may start one ("North Ossetia", "Saint Petersburg").
	never := g.never[tok]
	phrases, ok := g.first[tok]
	possessive := false
	if !ok {
		if st := stripPossessive(tok); len(st) != len(tok) {
			phrases, possessive = g.first[st], true
			never = g.never[st]
		}
	}
	// Frequent first words ("San", "New", "Saint") have thousands of names:
	// those are indexed again by their second word.
	if wide := g.wide[tok]; wide != nil && !possessive {
		if ts, te := nextToken(text, e); ts >= 0 && joinable(text, s, e, ts) {
			second := text[ts:te]
			multi, ok := wide[second]
			if !ok {
				multi = wide[stripPossessive(second)]
			}
			if m, ok := g.matchPhrases(text, s, e, multi, false, false); ok {
				return m, true
			}
		}
	}
	if m, ok := g.matchPhrases(text, s, e, phrases, possessive, never); ok {
		return m, true
	}
	// Unknown word followed by "district"/"region": an exact suffixed name
	// ("Karabudakhkentsky district"), or one edit away when long enough to
	// make a misspelling unambiguous ("Achkhoy-Martonovsky district").
	if possessive || never {
		return mention{}, false
	}
	return g.matchSuffixOnly(text, s, e)
}

// matchPhrases returns the first (longest) of phrases found at text[s:].
func (g *Gazetteer) matchPhrases(text string, s, e int, phrases []phrase, possessive, never bool) (mention, bool) {
	tok := text[s:e]
	for _, ph := range phrases {
		if possessive && len(ph.rest) > 0 || never && len(ph.rest) == 0 {
			continue
		}
		end, ok := matchRest(text, s, e, ph.rest)
		if !ok {
			continue
		}
		if possessive {
			end = s + len(stripPossessive(tok))
		}
		ni := g.names[ph.key]
		m := mention{start: s, end: end, ents: ni.ents, trust: ni.trust, rule: RuleExact, weak: ni.weak}
		if g.ents[ni.ents[0]].venue {
			m.rule = RuleVenue
		}
		// "Qusar district", "Rostov region": a generic word after the name
		// may name a district or region of its own.
		if !possessive {
			if key, se, ok := g.suffixed(text, s, end, ph.key); ok {
				ni2 := g.names[key]
				m = mention{start: s, end: se, ents: ni2.ents, trust: ni2.trust, rule: RuleSuffix}
			}
		}
		return m, true
	}
	return mention{}, false
}

// matchSuffixOnly handles an unknown word followed by a generic
// "district"/"region".
func (g *Gazetteer) matchSuffixOnly(text string, s, e int) (mention, bool) {
	tok := text[s:e]
	ts, te := nextToken(text, e)
	if ts < 0 || !joinable(text, s, e, ts) {
		return mention{}, false
	}
	sufs, ok := g.suffixes[text[ts:te]]
	if !ok {
		return mention{}, false
	}
	if key, se, ok := g.suffixed(text, s, e, tok); ok {
		ni := g.names[key]
		return mention{start: s, end: se, ents: ni.ents, trust: ni.trust, rule: RuleSuffix}, true
	}
	if letters(tok) < 10 {
		return mention{}, false
	}
	var ents []int32
	for _, f := range g.fuzzy {
		if len(f.stem) < len(tok)-1 || len(f.stem) > len(tok)+1 || !editDistance1(f.stem, tok) {
			continue
		}
		name := g.ents[f.ent].name
		for _, suf := range sufs {
			if suf != "" && strings.HasSuffix(name, " "+suf) {
				ents = append(ents, f.ent)
				break
			}
		}
	}
	if len(ents) == 0 {
		return mention{}, false
	}
	return mention{start: s, end: te, ents: ents, rule: RuleFuzzy}, true
}

// matchRest matches the remaining tokens of a name after text[s:e]; the last
// one may carry a possessive, which is left outside the span.
func matchRest(text string, s, e int, rest []string) (int, bool) {
	pos, prevStart := e, s
	for j, want := range rest {
		ts, te := nextToken(text, pos)
		if ts < 0 || !joinable(text, prevStart, pos, ts) {
			return 0, false
		}
		got := text[ts:te]
		if got != want {
			if j != len(rest)-1 || stripPossessive(got) != want {
				return 0, false
			}
			te = ts + len(want)
		}
		prevStart, pos = ts, te
	}
	return pos, true
}

// suffixed looks for a generic word after text[s:end] that turns key into
// another name ("Qusar" + "district" = "Qusar District").
func (g *Gazetteer) suffixed(text string, s, end int, key string) (string, int, bool) {
	ts, te := nextToken(text, end)
	if ts < 0 || !joinable(text, s, end, ts) {
		return "", 0, false
	}
	sufs, ok := g.suffixes[text[ts:te]]
	if !ok {
		// "Sirnak province's Beytussebap district"
		if sufs, ok = g.suffixes[stripPossessive(text[ts:te])]; !ok {
			return "", 0, false
		}
		te -= len(text[ts:te]) - len(stripPossessive(text[ts:te]))
	}
	for _, suf := range sufs {
		k := key
		if suf != "" {
			k = key + " " + suf
		} else {
			continue
		}
		if ni := g.names[k]; ni != nil {
			return k, te, true
		}
	}
	return "", 0, false
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r != '-' && r != '\'' {
			n++
		}
	}
	return n
}

// resolve picks one entity per mention and drops weak, unsupported ones.
func (g *Gazetteer) resolve(text string, ms []mention, hint Hint) []Place {
	// Countries and regions the text itself settles: mentions whose
	// candidates all agree and that stand on their own (not a hamlet or a
	// common word, which would otherwise vouch for themselves).
	var cbuf, rbuf [8]ctxName
	ctxCountries, ctxRegions := cbuf[:0], rbuf[:0]
	for i := range ms {
		c0 := &g.ents[ms[i].ents[0]]
		same := !ms[i].weak && !c0.common && (c0.kind != KindPlace || c0.pop >= smallPop)
		for _, e := range ms[i].ents[1:] {
			if !same {
				break
			}
			same = g.ents[e].country == c0.country
		}
		if same {
			ctxCountries = append(ctxCountries, ctxName{c0.country, i})
			if len(ms[i].ents) == 1 && c0.region != "" {
				ctxRegions = append(ctxRegions, ctxName{c0.region, i})
			}
		}
	}
	// The countries each mention could be in: names that could all lie in
	// one country vouch for that reading of each other ("between Tambo and
	// San Miguel in La Mar Province, Ayacucho": San Miguel of Peru, not of
	// El Salvador).
	var kbuf [8][]string
	could := kbuf[:0]
	if len(ms) >= 3 {
		for i := range ms {
			var cs []string
			for _, e := range ms[i].ents {
				if c := g.ents[e].country; !slices.Contains(cs, c) {
					cs = append(cs, c)
				}
			}
			could = append(could, cs)
		}
	}
	var out []Place
	for i := range ms {
		m := &ms[i]
		best, bestTrust, bestScore, bestSupport := int32(-1), uint8(0), 0.0, support(0)
		// Historic and foreign names (GeoNames' other names) only count
		// when nothing goes by the name itself: "Stavropol" is Stavropol,
		// not Tolyatti (once Stavropol-on-Volga).
		topTrust := trustAlias
		if m.trust != nil {
			topTrust = slices.Max(m.trust)
		}
		// ... unless what goes by the name itself is a hamlet beside a
		// big city: "Calcutta" is Kolkata, not Calcutta, Ohio.
		trustedPop := 0
		if m.trust != nil && topTrust > trustOther {
			for k, c := range m.ents {
				if m.trust[k] > trustOther {
					trustedPop = max(trustedPop, g.weight(c))
				}
			}
		}
		for k, c := range m.ents {
			trust := trustAlias
			if m.trust != nil {
				trust = m.trust[k]
			}
			if trust == trustOther && topTrust > trustOther && !g.dwarfs(c, trustedPop) {
				continue
			}
			// "the province of Sulu" is no town that GeoNames also calls Sulu,
			// and "the province of Hakkari" is the province, not its capital.
			if m.regionCue && g.ents[c].kind == KindPlace && (trust == trustOther || g.hasRegion(m)) {
				continue
			}
			score, sup := g.score(text, ms, i, c, trust, hint, ctxCountries, ctxRegions)
			if len(could) > 0 && len(m.ents) > 1 {
				n := 0
				for j, cs := range could {
					if j != i && slices.Contains(cs, g.ents[c].country) {
						n++
					}
				}
				if n >= 2 {
					score += 3
					sup |= supCountry
				}
			}
			if best < 0 || score > bestScore {
				best, bestTrust, bestScore, bestSupport = c, trust, score, sup
			}
		}
		if best < 0 {
			continue // every candidate ruled out
		}
		// A region chosen over a city of the same name inside it (the
		// city "Nairobi" in "Nairobi County"): the city says more.
		if be := &g.ents[best]; be.kind != KindPlace && !m.regionCue {
			for k, c := range m.ents {
				if ce := &g.ents[c]; ce.kind == KindPlace && ce.region == be.name && ce.country == be.country &&
					ce.pop >= smallPop && (m.trust == nil || m.trust[k] == trustCanonical) {
					best = c
					if m.trust != nil {
						bestTrust = m.trust[k]
					}
					break
				}
			}
		}
		// "Savar" in a story from Bangladesh is not Sárvár, Hungary, which
		// GeoNames also spells so: a town matched only through another
		// spelling, abroad from the story, with nothing naming its country
		// or region, is left out.
		if be := &g.ents[best]; hint.Country != "" && be.country != hint.Country && bestTrust != trustCanonical &&
			be.kind == KindPlace && be.pop < 100_000 && bestSupport&(supNext|supRegion|supCountry) == 0 && !m.strongCue {
			continue
		}
		if !g.plausible(m, best, bestTrust, bestSupport) {
			continue
		}
		if out == nil {
			out = make([]Place, 0, len(ms)-i)
		}
		p := g.place(best)
		rule := m.rule
		if rule == RuleExact && bestTrust != trustCanonical {
			rule = RuleAlias
		}
		p.Span = extractors.Span{Start: m.start, End: m.end, Text: text[m.start:m.end], Rule: rule}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// plausible decides whether a resolved mention is kept. Names that are
// also common words or first names, hamlets (many are named like surnames)
// and matches through foreign alternate names need a reason: a locative cue
// word before them, or support from the Hint or nearby names.
func (g *Gazetteer) plausible(m *mention, best int32, trust uint8, sup support) bool {
	en := &g.ents[best]
	if sup&supNext != 0 || m.strongCue || en.venue {
		return true
	}
	switch {
	case m.weak || en.common:
		// "Street", "Mary": only right next to their region or after "in".
		return m.cue
	case en.word && m.sentStart:
		// "Reading the report...", "Nice to see": a city named like a
		// word needs some context at the start of a sentence.
		return sup != 0
	case sup&supRegion != 0 || en.kind != KindPlace:
		return true
	case m.personLike && en.pop < 100_000:
		// "Murat Kurnaz", "Grigory Orlov": a capitalised word right
		// before or after a town's name makes it a person's name.
		return m.cue
	case m.sentStart && en.pop < smallPop:
		return false
	case en.pop < smallPop || trust == trustOther && en.pop < 100_000:
		return m.cue || m.looseCue || sup&supCountry != 0 && en.pop >= smallPop
	}
	return true
}

// ctxName is a country or region some mention of the text settles.
type ctxName struct {
	name string
	from int // index of the mention, which must not vouch for itself
}

// support says what backs a candidate besides its prior.
type support uint8

const (
	supNext    support = 1 << iota // an enclosing, enclosed or sibling name right next to it
	supRegion                      // its region is the Hint's or settled by the text
	supCountry                     // its country is the Hint's or named elsewhere in the text
)

// tightGap reports whether two names separated by gap are read together:
// "Kizlyar, Dagestan", "Atlanta (Georgia)", "district of Chechnya",
// "Magas, the capital of Ingushetia".
func tightGap(gap string) bool {
	if len(gap) > 40 || strings.ContainsAny(gap, ".;!?\n") {
		return false
	}
	t := strings.TrimSpace(gap)
	switch t {
	case "", ",", "(", "in", "of", ", in", "in the", "of the", "near", "-", "–", "/", "'s", "and", ", and":
		return true
	}
	return strings.HasPrefix(t, ",") && (strings.HasSuffix(t, " of") || strings.HasSuffix(t, " in"))
}

// score rates candidate c of mention i: an enclosing (or enclosed) entity
// named right next to it is the strongest evidence ("Atlanta, Georgia",
// "Kizlyar, Dagestan"), then the Hint, then what the rest of the text
// settles, then the prior (kind, population, trust of the name).
// support reports whether anything besides the prior backs c.
func (g *Gazetteer) score(text string, ms []mention, i int, c int32, trust uint8, hint Hint, ctxCountries, ctxRegions []ctxName) (float64, support) {
	en := &g.ents[c]
	score := 0.0
	var sup support
	// Neighbours up to two names away: "Kizlyar, Dagestan, Russia".
	for j := i - 2; j <= i+2; j++ {
		if j < 0 || j >= len(ms) || j == i {
			continue
		}
		lo, hi := ms[j].end, ms[i].start
		if j > i {
			lo, hi = ms[i].end, ms[j].start
		}
		if j == i-2 && !tightGap(text[ms[j].end:ms[j+1].start]) || j == i+2 && !tightGap(text[ms[i+1].end:ms[j].start]) {
			continue
		}
		if j == i-2 {
			lo = ms[i-1].end
		} else if j == i+2 {
			hi = ms[i+1].start
		}
		if !tightGap(text[lo:hi]) {
			continue
		}
		best := 0.0
		for _, d := range ms[j].ents {
			if d == c {
				continue
			}
			if g.encloses(d, c) || g.encloses(c, d) {
				best = 100
				sup |= supNext
				break
			}
			// "Surabaya and Sidoarjo", "Westlands, Nairobi": siblings
			// in one region read together.
			if ed := &g.ents[d]; best == 0 && ed.kind == KindPlace && en.kind == KindPlace &&
				ed.region == en.region && ed.country == en.country && en.region != "" {
				// Worth a factor of 1000 in population: enough to pick the
				// Sidoarjo next to Surabaya, not London, California.
				best = 6
			}
		}
		if best > 0 && sup&supNext == 0 {
			sup |= supRegion
		}
		score += best
	}
	if hint.Region != "" && (en.region == hint.Region || en.name == hint.Region) {
		score += 15
		sup |= supRegion
	}
	for _, r := range ctxRegions {
		if r.from != i && en.region == r.name && en.name != r.name {
			score += 4
			sup |= supRegion
			break
		}
	}
	// Country context is weak evidence, worth a factor of 10-30 in
	// population: a text about Britain may still mention Christchurch, NZ.
	if hint.Country != "" && en.country == hint.Country {
		score += 3
		sup |= supCountry
	}
	for _, k := range ctxCountries {
		if k.from != i && en.country == k.name {
			score += 2
			sup |= supCountry
			break
		}
	}
	score += g.prior(c, trust)
	// A city inside a region of the same name is what a bare name means
	// ("Kabul" the city, not Kabul Province; "Qusar" the town).
	if en.kind == KindPlace {
		for _, d := range ms[i].ents {
			if ed := &g.ents[d]; ed.kind != KindPlace && ed.name == en.region && ed.country == en.country {
				score += 5
				break
			}
		}
	}
	return score, sup
}

// weight is an entity's population, areas counting as big cities.
func (g *Gazetteer) weight(e int32) int {
	if en := &g.ents[e]; en.kind != KindPlace {
		return 1 << 30
	}
	return int(g.ents[e].pop)
}

// dwarfs reports whether city e, matched through another name, is so much
// bigger than every place going by the name itself (pop) that the other name
// means it: 100 times and at least 100k people.
func (g *Gazetteer) dwarfs(e int32, pop int) bool {
	w := g.weight(e)
	return w >= 100_000 && w < 1<<30 && w >= 100*pop
}

// encloses reports whether entity a contains entity b.
func (g *Gazetteer) encloses(a, b int32) bool {
	ea, eb := &g.ents[a], &g.ents[b]
	switch ea.kind {
	case KindCountry:
		return eb.kind != KindCountry && eb.country == ea.name
	case KindRegion, KindDistrict:
		return eb.region == ea.name && eb.country == ea.country && eb.name != ea.name &&
			ea.region == ea.name
	}
	return false
}

// hasRegion reports a first-level region among a mention's candidates.
func (g *Gazetteer) hasRegion(m *mention) bool {
	for _, c := range m.ents {
		if g.ents[c].kind == KindRegion {
			return true
		}
	}
	return false
}
