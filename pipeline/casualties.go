package pipeline

import (
	"sort"
	"strings"

	"incidentkit/extractors"
	"incidentkit/extractors/numbers"
	"incidentkit/rules"
)

// fact is one count the casualty rules read off a sentence: "17 police
// officers" (victim) were "killed".
type fact struct {
	role     string // victim, perpetrator, total (a toll that may mix both)
	effect   string // an effect of the schema: killed, injured, arrested
	value    int
	subset   bool // part of a toll already counted ("including two police")
	additive bool // says it is more than counted before: "another", "other", "more"
	toll     bool // the count names the toll itself ("six deaths")
	governs  bool // its effect is a verb before a list ("killing 17 police and five civilians")
	// antecedent: the value is the number of perpetrators the incident
	// counted elsewhere, set when the incident is built (builder.counts).
	antecedent bool
	from       string // the effect of the toll this count is a part of and leaves
	rules      []string
	text       string // the count phrase
	// nounStart and nounEnd are the sentence offsets of the counted noun
	// (targets read them); -1 when none.
	nounStart, nounEnd int
}

// flags writes the fact's flags for explain.
func (f fact) flags() string {
	var out []string
	for _, x := range []struct {
		on   bool
		name string
	}{{f.subset, "subset"}, {f.additive, "additive"}, {f.toll, "toll"}, {f.governs, "governs"}} {
		if x.on {
			out = append(out, x.name)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (" + strings.Join(out, ", ") + ")"
}

// ruleText is the provenance of a fact: its rules and the count phrase.
func (f fact) ruleText() string {
	return strings.Join(f.rules, " ") + " [" + f.text + "]"
}

// casualtyAnnotator counts who was killed, injured or arrested: it runs the
// number extractor and then the stages of casualties.yaml (rules.Casualties)
// over the sentence's tokens, counts and group spans.
type casualtyAnnotator struct {
	rs      *rules.Set
	numbers *numbers.Extractor
	outcome *rules.Matcher // a sentence worth counting holds one of these words
	// word classes of the mechanisms between the stages
	joiner      *rules.Class    // what joins the counts of one list
	possessive  map[string]bool // "his": "the driver and his two sons" is one list
	pronounHead map[string]bool // "and arrested one", "two others": the role of the count before
	other       map[string]bool // "two other officers": more than counted before
	negation    map[string]bool // "not including the suicide bombers": beside the toll
}

func newCasualtyAnnotator(rs *rules.Set) (*casualtyAnnotator, error) {
	// attacker_noun: "The four attackers were from Tajikistan" counts the
	// attackers for a later "the attackers were killed".
	out, err := rs.WordMatcher("outcome", "casualty_cue", "attacker_noun")
	if err != nil {
		return nil, err
	}
	return &casualtyAnnotator{rs: rs, numbers: numbers.New(rs.Classes), outcome: out,
		joiner: rs.Classes.Word("list_joiner"), pronounHead: rs.Classes.Word("pronoun_head").Set(),
		possessive: rs.Classes.Word("possessive_determiner").Set(),
		other:      rs.Classes.Word("other_word").Set(), negation: rs.Classes.Word("negation").Set()}, nil
}

// Annotate counts only where counts can be: a trigger, a reference back, a
// digit, or an outcome word ("Seven suspects were detained").
func (c *casualtyAnnotator) Annotate(_ *docState, s *sentence) {
	if s.category == "" && !s.anaphora && !strings.ContainsAny(s.Text, "0123456789") && (c.outcome == nil || !c.outcome.MatchString(s.Text)) {
		return
	}
	nums := c.numbers.Extract(s.Text)
	in, st := c.input(s, nums)
	// The counts rules' counts ("his wife") pass the not_counts rules too.
	nums, in, st = c.extra(s, in, st, nums)
	nums, in, st = c.filter(s, in, st, nums)
	s.numbers = nums
	s.facts = c.facts(s, in, st, nums)
}

// countState is what the stages give one count, beside its Role and Effect
// in the rules.Input the sequences read.
type countState struct {
	value                           int
	subset, additive, toll, governs bool
	plussed                         bool   // a rule added the subject told before it
	from                            string // the effect of the toll it is a part of and leaves (rules.Give.From)
	rules                           []string
}

// input is the sentence as the sequences read it: tokens, counts (as token
// ranges), group spans.
func (c *casualtyAnnotator) input(s *sentence, nums []numbers.Number) (*rules.Input, []countState) {
	in := &rules.Input{Text: s.Text, Tokens: c.rs.Lang.Tokenize(s.Text, nil)}
	st := make([]countState, len(nums))
	for i, n := range nums {
		in.Counts = append(in.Counts, c.count(in.Tokens, n))
		st[i].value = n.Value
	}
	for _, g := range s.groups {
		in.Group = append(in.Group, rules.TokenSpan{Start: rules.TokenAt(in.Tokens, g.Start), End: rules.TokenEnd(in.Tokens, g.End)})
	}
	return in, st
}

func (c *casualtyAnnotator) count(toks []rules.Token, n numbers.Number) rules.Count {
	end := max(n.End, n.Noun.End)
	rc := rules.Count{Start: rules.TokenAt(toks, n.Start), End: rules.TokenEnd(toks, end), Head: n.Head, Rule: n.Rule}
	if n.Noun.Text != "" {
		rc.NounStart, rc.NounEnd = rules.TokenAt(toks, n.Noun.Start), rules.TokenEnd(toks, n.Noun.End)
	} else {
		rc.NounStart, rc.NounEnd = rc.End, rc.End
	}
	return rc
}

// filter drops the counts the not_counts rules match: ages, agents.
func (c *casualtyAnnotator) filter(s *sentence, in *rules.Input, st []countState, nums []numbers.Number) ([]numbers.Number, *rules.Input, []countState) {
	drop := map[int]bool{}
	for _, r := range c.rs.Casualties.NotCounts {
		ms := r.Seq.FindAll(in)
		if len(ms) > 0 {
			s.fired = append(s.fired, r.Name)
		}
		for _, m := range ms {
			for _, i := range m.Counts {
				drop[i] = true
			}
		}
	}
	if len(drop) == 0 {
		return nums, in, st
	}
	var keptN []numbers.Number
	var keptC []rules.Count
	var keptS []countState
	for i := range nums {
		if !drop[i] {
			keptN, keptC, keptS = append(keptN, nums[i]), append(keptC, in.Counts[i]), append(keptS, st[i])
		}
	}
	in.Counts = keptC
	return keptN, in, keptS
}

// extra adds the counts of the counts rules ("the other", "the eighth
// one"), one each, where no count is already.
func (c *casualtyAnnotator) extra(s *sentence, in *rules.Input, st []countState, nums []numbers.Number) ([]numbers.Number, *rules.Input, []countState) {
	text := s.Text
	added := false
	for _, r := range c.rs.Casualties.Counts {
		ms := r.Seq.FindAll(in)
		if len(ms) > 0 {
			s.fired = append(s.fired, r.Name)
		}
		for _, m := range ms {
			clash := false
			for _, rc := range in.Counts {
				if m.Start < rc.End && rc.Start < m.End {
					clash = true
					break
				}
			}
			if clash || m.End <= m.Start {
				continue
			}
			s, e := in.Tokens[m.Start].Start, in.Tokens[m.End-1].End
			n := numbers.Number{Span: extractors.Span{Start: s, End: e, Text: text[s:e], Rule: r.Name}, Value: 1}
			nums = append(nums, n)
			in.Counts = append(in.Counts, rules.Count{Start: m.Start, End: m.End, NounStart: m.End, NounEnd: m.End, Rule: r.Name})
			st = append(st, countState{value: 1})
			added = true
		}
	}
	if !added {
		return nums, in, st
	}
	order := make([]int, len(nums))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return nums[order[a]].Start < nums[order[b]].Start })
	n2, c2, s2 := make([]numbers.Number, len(nums)), make([]rules.Count, len(nums)), make([]countState, len(nums))
	for k, i := range order {
		n2[k], c2[k], s2[k] = nums[i], in.Counts[i], st[i]
	}
	in.Counts = c2
	return n2, in, s2
}

// facts runs the stages and returns the sentence's facts.
func (c *casualtyAnnotator) facts(s *sentence, in *rules.Input, st []countState, nums []numbers.Number) []fact {
	cas := &c.rs.Casualties
	for i := range st {
		st[i].additive = nums[i].Rule == numbers.RuleAnother || nums[i].Rule == numbers.RuleOrdinalAnother ||
			c.other[strings.ToLower(firstWord(nums[i].Noun.Text))] || c.other[nums[i].Head]
		// "the deputy mayor and another man were killed": "another" after a
		// named person with no count of its own counts both.
		if nums[i].Rule == numbers.RuleAnother && i == 0 && c.afterAnd(s.Text, nums[i].Start) {
			st[i].value++
		}
	}
	c.stage(s, cas.Roles, in, st)
	c.stage(s, cas.Effects, in, st)
	c.inherit(in, st, nums)
	c.lists(s.Text, in, st, nums)
	c.stage(s, cas.Passive, in, st)
	c.absorb(in, st, nums)
	c.stage(s, cas.Adjust, in, st)
	for _, r := range cas.Adjust {
		if r.Re != nil && s.find(r) != nil {
			s.fired = append(s.fired, r.Name)
			c.adjust(r, in, st)
		}
	}
	var out []fact
	for i, cs := range st {
		rc := in.Counts[i]
		if rc.Effect == "" {
			continue
		}
		f := fact{role: rc.Role, effect: rc.Effect, value: cs.value, subset: cs.subset, additive: cs.additive,
			toll: cs.toll, governs: cs.governs, from: cs.from, rules: cs.rules, text: nums[i].Text, nounStart: nums[i].Noun.Start, nounEnd: nums[i].Noun.End}
		if nums[i].Noun.Text == "" {
			f.nounStart, f.nounEnd = -1, -1
		}
		if f.role == "" {
			// Anyone else counted is a victim (spec: killed are everyone
			// killed except the perpetrators).
			f.role, f.rules = rules.RoleVictim, append(f.rules, "role:default-victim")
		}
		out = append(out, f)
	}
	return c.addFacts(s, in, out)
}

// stage runs one stage's rules in order: each gives the counts it matches
// what it gives, unless an earlier rule gave it already (override: true
// replaces).
func (c *casualtyAnnotator) stage(s *sentence, rs []rules.Rule, in *rules.Input, st []countState) {
	for _, r := range rs {
		if r.Seq == nil {
			continue
		}
		ms := r.Seq.FindAll(in)
		if len(ms) > 0 {
			s.fired = append(s.fired, r.Name)
		}
		for _, m := range ms {
			for _, i := range m.Counts {
				c.give(r, &m, &in.Counts[i], &st[i])
			}
		}
	}
}

func (c *casualtyAnnotator) give(r rules.Rule, m *rules.Match, rc *rules.Count, cs *countState) {
	g := r.Give
	used := false
	if eff := g.EffectOf(m); eff != "" && (rc.Effect == "" || g.Override) {
		rc.Effect, used = eff, true
		cs.toll, cs.governs = g.Toll, g.Governs
		if g.From != "" {
			cs.from = g.From
		}
		cs.value += g.Plus
		cs.plussed = cs.plussed || g.Plus > 0
	}
	if g.Role != "" && (rc.Role == "" || g.Override) && (g.Effect == "" || used || g.Override) {
		rc.Role, used = g.Role, true
	}
	if g.Subset && !cs.subset {
		cs.subset, rc.Subset, used = true, true, true
	}
	if g.Additive && !cs.additive {
		cs.additive, used = true, true
	}
	if used {
		cs.rules = append(cs.rules, r.Name)
	}
}

// absorb: a count a rule added the subject to ("X, a commander, was killed
// alongside five other militants": six) holds that subject already, so a
// single indefinite count before it that names the subject counts no one.
func (c *casualtyAnnotator) absorb(in *rules.Input, st []countState, nums []numbers.Number) {
	for i := range st {
		if !st[i].plussed {
			continue
		}
		for j := 0; j < i; j++ {
			if in.Counts[j].Effect != "" && st[j].value == 1 && nums[j].Rule == numbers.RuleIndefinite {
				in.Counts[j].Effect = ""
			}
		}
	}
}

// adjust applies a cue of the adjust stage to the counts its `to` selects.
func (c *casualtyAnnotator) adjust(r rules.Rule, in *rules.Input, st []countState) {
	for i := range in.Counts {
		rc := &in.Counts[i]
		if r.Give.To == nil || !refMatches(*r.Give.To, rc.Role, rc.Effect) {
			continue
		}
		c.give(rules.Rule{Name: r.Name, Give: rules.Give{Role: r.Give.Role, Effect: r.Give.Effect, Override: true}}, nil, rc, &st[i])
	}
}

// refMatches: "" matches anything, "none" an unset value.
func refMatches(ref rules.FactRef, role, effect string) bool {
	ok := func(want, got string) bool { return want == "" || want == "none" && got == "" || want == got }
	return ok(ref.Role, role) && ok(ref.Effect, effect)
}

// inherit: a count that names no one ("and arrested one", "another was
// arrested", "two others") takes the role of the count before it, when that
// count was itself a patient (a subject that kills passes nothing:
// "gunmen ..., killing 149").
func (c *casualtyAnnotator) inherit(in *rules.Input, st []countState, nums []numbers.Number) {
	for i := 1; i < len(nums); i++ {
		rc, prev := &in.Counts[i], in.Counts[i-1]
		if rc.Role != "" || prev.Role == "" || prev.Role == rules.RoleTotal || prev.Effect == "" {
			continue
		}
		n := nums[i]
		if c.pronounHead[strings.ToLower(n.Head)] || n.Head == "" || n.Rule == numbers.RuleAnother || n.Rule == numbers.RuleOrdinalAnother {
			rc.Role = prev.Role
			st[i].rules = append(st[i].rules, "role:inherit")
		}
	}
}

// lists gives a count with no effect of its own that of the count it
// continues: the toll it breaks down ("5 deaths, three soldiers and two
// jihadists": a part of the toll) or the verb of the list it continues
// ("killing 17 police officers and five civilians").
func (c *casualtyAnnotator) lists(text string, in *rules.Input, st []countState, nums []numbers.Number) {
	for i := range nums {
		if in.Counts[i].Effect != "" {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			gap := text[max(nums[j].End, nums[j].Noun.End):nums[i].Start]
			if strings.TrimSpace(strings.Trim(gap, " ,:(")) != "" && !c.listGap(gap) {
				break
			}
			g := strings.TrimSpace(gap)
			apposition := strings.HasPrefix(g, ":") || strings.HasPrefix(g, "(")
			prev := in.Counts[j]
			if prev.Role == rules.RoleTotal || (st[j].toll || apposition) && prev.Effect != "" {
				in.Counts[i].Effect, st[i].subset, in.Counts[i].Subset = prev.Effect, true, true
				st[i].rules = append(st[i].rules, "effect:toll-breakdown")
				break
			}
			if prev.Effect != "" && (st[j].governs || st[j].subset) {
				in.Counts[i].Effect = prev.Effect
				// The list goes on: "killed a teacher, his wife and their son".
				st[i].governs = st[j].governs
				st[i].subset = st[i].subset || st[j].subset
				in.Counts[i].Subset = st[i].subset
				st[i].rules = append(st[i].rules, "effect:list-verb")
				break
			}
		}
	}
}

// listGap reports whether the text between two counts only joins them into
// one list: ", ", " and ", ", along with ".
func (c *casualtyAnnotator) listGap(gap string) bool {
	ws := strings.Fields(strings.Trim(strings.TrimSpace(strings.ToLower(gap)), ", "))
	// "the driver and his two sons": a possessive opens the next item.
	if n := len(ws); n > 1 && c.possessive[ws[n-1]] {
		ws = ws[:n-1]
	}
	return len(ws) == 0 || c.joiner.Has(strings.Join(ws, " "))
}

// addFacts adds the facts of rules that match no count: "the attacker was
// shot dead" (one perpetrator), "no one was hurt" (zero).
func (c *casualtyAnnotator) addFacts(s *sentence, in *rules.Input, out []fact) []fact {
	for _, r := range c.rs.Casualties.Facts {
		g := r.Give
		if g.Unless != nil && hasFact(out, *g.Unless, false) || g.If != nil && !hasFact(out, *g.If, true) {
			continue
		}
		var text string
		var m *rules.Match
		negated := false
		switch {
		case r.Re != nil:
			loc := s.find(r)
			if loc == nil {
				continue
			}
			text = s.Text[loc[0]:loc[1]]
			negated = c.negated(s.Text[:loc[0]])
		case r.Seq != nil:
			ms := r.Seq.FindAll(in)
			if len(ms) == 0 {
				continue
			}
			m = &ms[0]
			text = s.Text[in.Tokens[m.Start].Start:in.Tokens[m.End-1].End]
		}
		eff := g.EffectOf(m)
		if eff == "" {
			continue
		}
		s.fired = append(s.fired, r.Name)
		// "two people were killed -- not including the suicide bombers":
		// the part a toll leaves out is no part of it, but beside it.
		f := fact{role: g.Role, effect: eff, subset: g.Subset && !negated, antecedent: g.Antecedent, from: g.From, rules: []string{r.Name},
			text: text, nounStart: -1, nounEnd: -1}
		if g.Value != nil {
			f.value = *g.Value
		}
		out = append(out, f)
	}
	return out
}

// negated reports a negation right before a fact's words ("not including
// the suicide bombers").
func (c *casualtyAnnotator) negated(before string) bool {
	w := strings.Fields(strings.ToLower(before))
	return len(w) > 0 && c.negation[strings.Trim(w[len(w)-1], ",;:(")]
}

// hasFact reports a fact of that role and effect; whole: only a fact that is
// no part of another.
func hasFact(fs []fact, ref rules.FactRef, whole bool) bool {
	for _, f := range fs {
		if refMatches(ref, f.role, f.effect) && !(whole && f.subset) {
			return true
		}
	}
	return false
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// afterAnd: the count follows "... and".
func (c *casualtyAnnotator) afterAnd(text string, start int) bool {
	w := strings.Fields(text[max(0, start-8):start])
	return len(w) > 0 && c.joiner.Has(strings.ToLower(w[len(w)-1])) && strings.ToLower(w[len(w)-1]) != ","
}
