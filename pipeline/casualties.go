package pipeline

import (
	"regexp"
	"sort"
	"strings"

	"incidentkit/extractors"
	"incidentkit/extractors/numbers"
	"incidentkit/rules"
)

// Roles and effects of a casualty fact.
const (
	roleVictim = "victim"
	rolePerp   = "perpetrator"
	roleTotal  = "total" // a toll that may mix both ("six deaths")

	effKilled   = "killed"
	effInjured  = "injured"
	effArrested = "arrested"
)

// fact is one count the casualty rules read off a sentence: "17 police
// officers" (victim) were "killed".
type fact struct {
	role, effect string
	value        int
	subset       bool   // part of a toll already counted ("including two police")
	additive     bool   // says it is more than counted before: "another", "other", "more"
	rule         string // the rules that decided, for provenance
	text         string // the count phrase
	nounStart    int    // sentence offsets of the counted noun, for targets
	nounEnd      int
}

// casualtyRules composes the number extractor's spans with the casualty
// words of rules/casualties.yaml.
type casualtyRules struct {
	c               rules.Casualties
	leftVerb        map[string]*regexp.Regexp // effect word right before a count: "killing 17"
	rightPart       map[string]*regexp.Regexp // participle right after a count: "four members killed"
	passive         map[string]*regexp.Regexp // "were (later) shot dead"
	effectNoun      map[string]*regexp.Regexp // the count's own noun or modifier: "six deaths", "11 wounded soldiers"
	alongside       *regexp.Regexp
	including       *regexp.Regexp
	activeObject    *regexp.Regexp
	zero            *regexp.Regexp
	authoritiesKill *regexp.Regexp
	outcome         *rules.Matcher // any outcome word: a sentence worth counting
}

func inner(re *regexp.Regexp) string {
	s := re.String()
	s = strings.TrimPrefix(s, `(?i)\b(?:`)
	return strings.TrimSuffix(s, `)\b`)
}

func newCasualtyRules(c rules.Casualties) *casualtyRules {
	r := &casualtyRules{c: c,
		leftVerb: map[string]*regexp.Regexp{}, rightPart: map[string]*regexp.Regexp{},
		passive: map[string]*regexp.Regexp{}, effectNoun: map[string]*regexp.Regexp{}}
	for eff, re := range map[string]*regexp.Regexp{effKilled: c.Killed, effInjured: c.Injured, effArrested: c.Arrested} {
		w := inner(re)
		r.leftVerb[eff] = regexp.MustCompile(`(?i)\b(` + w + `)(?:\s+(?:and\s+)?(?:wounded|injured|killed))?\s*$`)
		r.rightPart[eff] = regexp.MustCompile(`(?i)^\s*,?\s*(?:(?:were|was|had been|have been)\s+)?(?:(?:reported|reportedly|allegedly|later|also|all|subsequently|then)\s+){0,2}(?:` + w + `)\b`)
		r.passive[eff] = regexp.MustCompile(`(?i)\b(?:was|were|been|being|are|is|got)\s+(?:(?:\w+|\w+ly)\s+){0,3}?(?:` + w + `)\b|\b(?:died|perished)\b`)
		r.effectNoun[eff] = regexp.MustCompile(`(?i)\b(?:` + w + `)\b`)
	}
	// "died" and "perished" only mean killed.
	r.passive[effInjured] = regexp.MustCompile(`(?i)\b(?:was|were|been|being|are|is|got)\s+(?:(?:\w+|\w+ly)\s+){0,3}?(?:` + inner(c.Injured) + `)\b`)
	r.passive[effArrested] = regexp.MustCompile(`(?i)\b(?:was|were|been|being|are|is|got)\s+(?:(?:\w+|\w+ly)\s+){0,3}?(?:` + inner(c.Arrested) + `)\b`)
	r.alongside = regexp.MustCompile(`(?i)\b(?:was|were)\s+(?:\w+\s+){0,2}?(?:killed|shot dead|eliminated|neutrali[sz]ed)\s+(?:alongside|along with|together with|with)\s*$`)
	r.including = regexp.MustCompile(`(?i)\b(?:including|among them|among whom|of whom|of them)\s*$`)
	r.activeObject = regexp.MustCompile(`(?i)^\s+(?:a|an|the|his|her|their|its|at least|more than|over|about|some|all|both|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\b`)
	r.outcome = rules.NewMatcher(regexp.MustCompile(`(?i)\b(?:` + inner(c.Killed) + `|` + inner(c.Injured) + `|` + inner(c.Arrested) + `|himself|herself|suicide|the other)\b`))
	r.authoritiesKill = regexp.MustCompile(`(?i)\b(?:` + inner(c.Authorities) + `)\b(?:\s+[\w-]+){0,3}?\s+(?:shot and |had |have |reportedly |also )?(?:killed|shot dead|shot|neutrali[sz]ed|eliminated|liquidated)\s*$`)
	r.zero = regexp.MustCompile(`(?i)\bno(?: one| people| casualties| injuries| deaths)?\s+(?:was|were)?\s*(hurt|injured|killed|wounded|reported)`)
	return r
}

var newSubject = regexp.MustCompile(`(?i)\b(?:he|she|they|before|after|when|while|until)\b`)

var degree = regexp.MustCompile(`(?i)^\s+(?:critically|seriously|severely|gravely|badly|lightly|slightly)\b`)

var fatally = regexp.MustCompile(`(?i)^\s+of (?:whom|them) (?:fatally|died|later died|were killed|died later)\b`)

var ofWhom = regexp.MustCompile(`(?i)^\s+of (?:whom|them|those)\b`)

// deathsOf: "resulting in the deaths of 86 people".
var deathsOf = regexp.MustCompile(`(?i)\b(?:deaths?|killings?|murders?|massacre) of\s*$`)

var killedAlong = regexp.MustCompile(`(?i)\b(?:killed|dead|died|shot dead)\s+(?:along with|alongside|together with|as well as)\s*$`)

// tollNouns are outcome words that are nouns: they count, they do not govern.
var tollNouns = map[string]bool{
	"death": true, "deaths": true, "dead": true, "lives": true, "fatalities": true, "bodies": true,
	"injuries": true, "injury": true, "casualties": true, "wounds": true, "hurt": true,
}

// pronounCounts name no one new: their role is that of the count before them.
var pronounCounts = map[string]bool{"": true, "others": true, "other": true, "more": true}

// clauseEnd finds where the clause starting at i ends: the passive verb of a
// count must be in its own clause.
func clauseEnd(text string, i int) int {
	for j := i; j < len(text); j++ {
		switch text[j] {
		case ';':
			return j
		case '.':
			if j+1 == len(text) || text[j+1] == ' ' {
				return j
			}
		}
		if strings.HasPrefix(text[j:], " while ") || strings.HasPrefix(text[j:], " whereas ") || strings.HasPrefix(text[j:], " but ") {
			return j
		}
	}
	return len(text)
}

// facts reads the casualty counts of one sentence.
//   - an effect of the count's own: a noun or modifier ("six deaths", "11 wounded
//     soldiers"), an effect verb right before ("killing 17"), a participle right
//     after ("four IS members killed");
//   - else the passive verb after the list the count belongs to ("six gunmen and
//     a civilian ... were killed");
//   - else the effect of a toll it breaks down ("5 deaths, three soldiers and two
//     jihadists").
//
// The role comes from the counted noun (militants, officers), a group named
// in it ("nine IS militants"), the count before it ("another", "one of them"),
// or who killed them ("shot dead by police" makes a perpetrator).
func (r *casualtyRules) facts(text string, nums []numbers.Number, groupSpans [][2]int, may func(rules.Cue) bool) []fact {
	var out []fact
	type state struct {
		fact
		has bool
	}
	st := make([]state, len(nums))
	for i, n := range nums {
		f := fact{value: n.Value, text: n.Text, nounStart: n.Noun.Start, nounEnd: n.Noun.End}
		noun := strings.ToLower(n.Noun.Text)
		head := strings.ToLower(n.Head)
		// "the deputy mayor and another man were killed": "another" after a
		// named person with no count of its own counts both.
		if n.Rule == numbers.RuleAnother && i == 0 && strings.HasSuffix(strings.ToLower(strings.TrimSpace(text[max(0, n.Start-8):n.Start])), " and") {
			f.value = n.Value + 1
		}
		f.additive = n.Rule == numbers.RuleAnother || n.Rule == numbers.RuleOrdinalAnother || strings.HasPrefix(noun, "other ") || head == "more" || head == "others"
		// Role.
		switch {
		case overlapsAny(n.Noun.Start, n.Noun.End, groupSpans) && n.Noun.Text != "":
			f.role, f.rule = rolePerp, "role:group-in-noun"
		case head != "" && r.c.PerpetratorNouns.MatchString(head):
			f.role, f.rule = rolePerp, "role:perpetrator-noun"
		case head != "" && r.c.VictimNouns.MatchString(head) && !strings.Contains(noun, "suspected"):
			f.role, f.rule = roleVictim, "role:victim-noun"
		case strings.Contains(noun, "suspected") || strings.Contains(noun, "armed "):
			f.role, f.rule = rolePerp, "role:suspected"
		case pronounCounts[head] || n.Rule == numbers.RuleAnother || n.Rule == numbers.RuleOrdinalAnother:
			// "and arrested one", "another was arrested": the same kind of
			// people as the count before, when that count was itself a patient
			// (a subject that kills passes nothing: "gunmen ..., killing 149").
			if i > 0 && st[i-1].role != "" && st[i-1].role != roleTotal && st[i-1].effect != "" {
				f.role, f.rule = st[i-1].role, "role:inherit"
			}
		}
		// Effect of its own.
		switch {
		case n.Noun.Text != "" && r.effectNoun[effKilled].MatchString(noun) && !strings.Contains(noun, "wounded"):
			f.effect = effKilled
			if f.role == "" {
				f.role = roleTotal
			}
			f.rule += " effect:noun"
		case n.Noun.Text != "" && r.effectNoun[effInjured].MatchString(noun):
			f.effect, f.rule = effInjured, f.rule+" effect:noun"
		case n.Noun.Text != "" && r.effectNoun[effArrested].MatchString(noun):
			f.effect, f.rule = effArrested, f.rule+" effect:noun"
		}
		left := text[max(0, n.Start-48):n.Start]
		if f.effect == "" {
			switch {
			case r.alongside.MatchString(left) && strings.HasPrefix(noun, "other"):
				f.effect, f.value, f.rule = effKilled, n.Value+1, f.rule+" effect:alongside-others"
			case killedAlong.MatchString(left):
				// "17 police officers ... were killed along with all five attackers"
				f.effect, f.rule = effKilled, f.rule+" effect:killed-along-with"
			}
		}
		if f.effect == "" && deathsOf.MatchString(left) {
			f.effect, f.rule = effKilled, f.rule+" effect:deaths-of"
		}
		if f.effect == "" {
			for _, eff := range []string{effKilled, effInjured, effArrested} {
				// A toll noun before a count ("5 deaths, three soldiers") is
				// not a verb governing it.
				if m := r.leftVerb[eff].FindStringSubmatch(left); m != nil && !tollNouns[strings.ToLower(m[1])] {
					f.effect, f.rule = eff, f.rule+" effect:verb-before"
					break
				}
			}
		}
		end := max(n.End, n.Noun.End)
		// "Police killed four armed men": whoever the authorities kill is a
		// perpetrator, whatever the noun.
		if f.effect == effKilled && strings.Contains(f.rule, "verb-before") && !strings.Contains(noun, "civilian") && r.authoritiesKill.MatchString(left) {
			f.role, f.rule = rolePerp, f.rule+" role:killed-by-authorities"
		}
		if f.effect == "" {
			right := text[end:min(len(text), end+48)]
			for _, eff := range []string{effKilled, effInjured, effArrested} {
				if loc := r.rightPart[eff].FindStringIndex(right); loc != nil && !r.activeObject.MatchString(right[loc[1]:]) {
					f.effect, f.rule = eff, f.rule+" effect:participle-after"
					break
				}
			}
		}
		if degree.MatchString(text[max(n.End, n.Noun.End):]) {
			// "injuring 23 others, seven critically": part of the 23.
			f.subset, f.rule = true, f.rule+" subset:degree"
		}
		if fatally.MatchString(text[max(n.End, n.Noun.End):]) {
			// "injuring more than 50 people, four of them fatally"
			f.effect, f.rule = effKilled, f.rule+" effect:of-them-fatally"
		} else if ofWhom.MatchString(text[max(n.End, n.Noun.End):]) {
			// "injured at least 44, 38 of whom were hospitalized"
			f.subset, f.rule = true, f.rule+" subset:of-whom"
		}
		if r.including.MatchString(left) {
			f.subset = true
			if f.effect == "" {
				// "injuring several people, including two police": the verb before.
				lastAt := -1
				for _, eff := range []string{effKilled, effInjured, effArrested} {
					locs := r.effectNoun[eff].FindAllStringIndex(text[:n.Start], -1)
					if len(locs) > 0 && locs[len(locs)-1][0] > lastAt {
						lastAt, f.effect = locs[len(locs)-1][0], eff
					}
				}
				if f.effect != "" {
					f.rule += " effect:including-verb"
				}
			}
		}
		st[i] = state{fact: f}
	}
	// A count without an effect of its own takes the passive verb after its
	// list, the toll it breaks down, or the verb of the list it continues.
	for i := range st {
		if st[i].effect != "" {
			continue
		}
		n := nums[i]
		// Apposition to a toll: "5 deaths, three soldiers and two jihadists".
		for j := i - 1; j >= 0; j-- {
			gap := text[max(nums[j].End, nums[j].Noun.End):n.Start]
			if strings.TrimSpace(strings.Trim(gap, " ,:(")) != "" && !listGap(gap) {
				break
			}
			apposition := strings.HasPrefix(strings.TrimSpace(gap), ":") || strings.HasPrefix(strings.TrimSpace(gap), "(")
			if st[j].role == roleTotal || (strings.Contains(st[j].rule, "effect:noun") || apposition) && st[j].effect == effKilled {
				st[i].effect, st[i].subset = st[j].effect, true
				st[i].rule += " effect:toll-breakdown"
				break
			}
			if st[j].effect != "" && st[j].role != roleTotal && (strings.Contains(st[j].rule, "verb-before") || st[j].subset) {
				// "killing 17 police officers and five civilians"
				st[i].effect = st[j].effect
				st[i].subset = st[i].subset || st[j].subset
				st[i].rule += " effect:list-verb"
				break
			}
		}
		if st[i].effect != "" {
			continue
		}
		// Passive verb after the list this count starts or belongs to.
		k := i
		for k+1 < len(nums) && listGap(text[max(nums[k].End, nums[k].Noun.End):nums[k+1].Start]) {
			k++
		}
		from := max(nums[k].End, nums[k].Noun.End)
		to := clauseEnd(text, from)
		if to-from > 160 {
			to = from + 160
		}
		// Stop at the next count outside the list: its verb is its own.
		if k+1 < len(nums) && nums[k+1].Start < to {
			to = nums[k+1].Start
		}
		seg := text[from:to]
		// "took a woman hostage before he was killed": the verb after a new
		// subject is that subject's.
		if loc := newSubject.FindStringIndex(seg); loc != nil {
			seg = seg[:loc[0]]
		}
		bestAt, bestEff := len(seg)+1, ""
		for _, eff := range []string{effKilled, effInjured, effArrested} {
			if loc := r.passive[eff].FindStringIndex(seg); loc != nil && loc[0] < bestAt {
				bestAt, bestEff = loc[0], eff
			}
		}
		if bestEff != "" {
			st[i].effect = bestEff
			st[i].rule += " effect:passive-after"
			// Killed by the authorities: a perpetrator unless the noun says victim.
			if st[i].role == "" && r.c.ByAuthorities.MatchString(seg) {
				st[i].role, st[i].rule = rolePerp, st[i].rule+" role:by-authorities"
			}
		}
	}
	// Killed by the authorities: a perpetrator unless the noun says victim
	// ("all four prisoners were shot dead by Russian snipers").
	for i := range st {
		if st[i].role == "" && st[i].effect == effKilled {
			from := max(nums[i].End, nums[i].Noun.End)
			if r.c.ByAuthorities.MatchString(text[from:clauseEnd(text, from)]) {
				st[i].role, st[i].rule = rolePerp, st[i].rule+" role:by-authorities"
			}
		}
	}
	// "X, a commander, was killed alongside five other militants": the
	// alongside count already holds X.
	for i := range st {
		if strings.Contains(st[i].rule, "alongside-others") {
			for j := 0; j < i; j++ {
				if st[j].effect == effKilled && st[j].value == 1 && nums[j].Rule == numbers.RuleIndefinite {
					st[j].effect = ""
				}
			}
		}
	}
	// "killing 17 police officers ... before being killed": the attackers died too.
	for _, c := range r.c.PerpDeath {
		if may(c) && c.Re.Regexp.MatchString(text) {
			for i := range st {
				if st[i].role == rolePerp && st[i].effect == "" {
					st[i].effect, st[i].rule = effKilled, st[i].rule+" effect:"+c.Name
				}
			}
		}
	}
	for i := range st {
		f := st[i].fact
		if f.effect == "" {
			continue
		}
		// A toll of "people" may include the attackers: the tally splits it.
		if h := strings.ToLower(nums[i].Head); f.effect == effKilled && !f.subset && (h == "people" || h == "persons") {
			f.role = roleTotal
		}
		if f.role == "" {
			f.role, f.rule = roleVictim, f.rule+" role:default-victim"
		}
		f.rule = strings.TrimSpace(f.rule)
		out = append(out, f)
	}
	// One perpetrator with no number: "the attacker was shot dead".
	for _, c := range r.c.SingleActor {
		if loc := findIf(may, c, text); loc != nil && !hasFact(out, rolePerp, effKilled) {
			out = append(out, fact{role: rolePerp, effect: effKilled, value: 1, rule: c.Name, text: text[loc[0]:loc[1]], nounStart: -1, nounEnd: -1})
		}
	}
	for _, c := range r.c.TwoActors {
		if loc := findIf(may, c, text); loc != nil && !hasFact(out, rolePerp, effKilled) {
			out = append(out, fact{role: rolePerp, effect: effKilled, value: 2, rule: c.Name, text: text[loc[0]:loc[1]], nounStart: -1, nounEnd: -1})
		}
	}
	for _, c := range r.c.SingleArrest {
		if loc := findIf(may, c, text); loc != nil && !hasFact(out, "", effArrested) {
			out = append(out, fact{role: rolePerp, effect: effArrested, value: 1, rule: c.Name, text: text[loc[0]:loc[1]], nounStart: -1, nounEnd: -1})
		}
	}
	// A toll including the perpetrator: "six deaths (including the perpetrator)".
	for _, c := range r.c.IncludingPerp {
		if loc := findIf(may, c, text); loc != nil {
			for i := range out {
				if out[i].role == roleTotal && out[i].effect == effKilled && !out[i].subset {
					out = append(out, fact{role: rolePerp, effect: effKilled, value: 1, subset: true, rule: c.Name, text: text[loc[0]:loc[1]], nounStart: -1, nounEnd: -1})
					break
				}
			}
		}
	}
	if m := r.zero.FindStringSubmatch(text); m != nil {
		eff := effInjured
		if strings.EqualFold(m[1], "killed") {
			eff = effKilled
		}
		out = append(out, fact{role: roleVictim, effect: eff, value: 0, rule: "zero:no-one", text: m[0], nounStart: -1, nounEnd: -1})
	}
	return out
}

// findIf runs cue c on text when the prefilter allows it.
func findIf(may func(rules.Cue) bool, c rules.Cue, text string) []int {
	if !may(c) {
		return nil
	}
	return c.Re.Regexp.FindStringIndex(text)
}

// hasFact reports a fact with that effect (and role, when role != "").
func hasFact(fs []fact, role, effect string) bool {
	for _, f := range fs {
		if f.effect == effect && (role == "" || f.role == role) {
			return true
		}
	}
	return false
}

// listGap reports whether the text between two counts only joins them into
// one list: ", ", " and ", ", along with ".
func listGap(gap string) bool {
	g := strings.TrimSpace(strings.ToLower(gap))
	g = strings.Trim(g, ", ")
	switch g {
	case "", "and", "or", "along with", "alongside", "alongside with", "as well as", "together with", "plus", "and also":
		return true
	}
	return false
}

func overlapsAny(s, e int, spans [][2]int) bool {
	for _, sp := range spans {
		if s < sp[1] && sp[0] < e {
			return true
		}
	}
	return false
}

// tally turns one sentence's facts into counts per (role, effect). Subsets of
// a counted toll are not added; a toll that includes perpetrators is split.
type tally struct {
	killed, injured, perpKilled, arrested int
	has                                   map[string]bool
	rules                                 map[string]string
}

func (t tally) fields() map[string]int {
	return map[string]int{"killed": t.killed, "injured": t.injured, "perpetrators_killed": t.perpKilled, "arrested": t.arrested}
}

func tallyFacts(fs []fact) tally {
	t := tally{has: map[string]bool{}, rules: map[string]string{}}
	add := func(field string, v int, f fact) {
		switch field {
		case "killed":
			t.killed += v
		case "injured":
			t.injured += v
		case "perpetrators_killed":
			t.perpKilled += v
		case "arrested":
			t.arrested += v
		}
		t.has[field] = true
		if t.rules[field] == "" {
			t.rules[field] = f.rule + " [" + f.text + "]"
		}
	}
	// Which (effect) has a toll or a governing count that subsets refine.
	tollKilled, hasToll := 0, false
	for _, f := range fs {
		if f.role == roleTotal && f.effect == effKilled && !f.subset {
			tollKilled += f.value
			hasToll = true
		}
	}
	subPerp, subVictim := 0, 0
	var subPerpFact fact
	for _, f := range fs {
		if f.subset && f.effect == effKilled {
			if f.role == rolePerp {
				subPerp += f.value
				subPerpFact = f
			} else {
				subVictim += f.value
			}
		}
	}
	governed := map[string]bool{} // effects with a non-subset victim count
	for _, f := range fs {
		if !f.subset && f.role != roleTotal {
			governed[f.effect+"/"+f.role] = true
		}
	}
	if hasToll {
		switch {
		case subPerp > 0 || subVictim > 0:
			// "5 deaths, three soldiers and two jihadists"; "(including the perpetrator)"
			perp := subPerp
			victims := tollKilled - perp
			if subVictim > 0 && subVictim+perp == tollKilled {
				victims = subVictim
			}
			add("killed", victims, fs[0])
			if perp > 0 {
				add("perpetrators_killed", perp, subPerpFact)
			}
		default:
			for _, f := range fs {
				if f.role == roleTotal && !f.subset {
					add("killed", f.value, f)
				}
			}
		}
	}
	for _, f := range fs {
		if f.role == roleTotal {
			continue
		}
		if f.subset && f.effect == effKilled && hasToll {
			continue // already split above
		}
		if f.subset && governed[f.effect+"/"+f.role] {
			// "killing 5 people, including two police": already in the 5.
			if f.role == roleVictim {
				continue
			}
		}
		switch {
		case f.effect == effKilled && f.role == rolePerp:
			add("perpetrators_killed", f.value, f)
		case f.effect == effKilled:
			add("killed", f.value, f)
		case f.effect == effInjured && f.role != rolePerp:
			add("injured", f.value, f)
		case f.effect == effArrested:
			add("arrested", f.value, f)
		}
	}
	return t
}

// pseudoCounts adds the counts the number extractor leaves to context:
// "the other" and "the eighth one" are one person each.
func pseudoCounts(text string, nums []numbers.Number) []numbers.Number {
	// Ages are not counts: "The suspects, aged between 19 and 27, ...";
	// nor are agents: "shot by an armed police officer", "killed by two
	// gunmen" count no casualty.
	kept := nums[:0:0]
	for i, n := range nums {
		if w := strings.Fields(text[max(0, n.Start-8):n.Start]); len(w) > 0 && strings.EqualFold(w[len(w)-1], "by") {
			continue
		}
		if n.Noun.Text == "" && (ageBefore.MatchString(text[:n.Start]) || i > 0 && ageBefore.MatchString(text[:nums[i-1].Start]) && listGap(text[nums[i-1].End:n.Start])) {
			continue
		}
		kept = append(kept, n)
	}
	nums = kept
	locs := theOther.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return nums
	}
	out := append([]numbers.Number(nil), nums...)
	for _, loc := range locs {
		clash := false
		for _, n := range nums {
			if loc[0] < max(n.End, n.Noun.End) && n.Start < loc[1] {
				clash = true
				break
			}
		}
		end := loc[0] + strings.Index(strings.ToLower(text[loc[0]:loc[1]]), "other") + len("other")
		if strings.HasSuffix(strings.ToLower(text[loc[0]:loc[1]]), " one") {
			end = loc[1]
		}
		if !clash {
			out = append(out, numbers.Number{Span: extractors.Span{Start: loc[0], End: end, Text: text[loc[0]:end], Rule: "the-other"}, Value: 1})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

var ageBefore = regexp.MustCompile(`(?i)\b(?:aged|ages|ages of|age of)\s+(?:between\s+|from\s+)?$`)

var theOther = regexp.MustCompile(`(?i)\bthe (?:other|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|remaining) one\b|\bthe other(?:\s+(?:was|were|had|arrested|detained|captured|killed|injured|wounded|died|escaped|fled|surrendered)\b|\s*[,.;]|$)`)
