package pipeline

import (
	"strings"

	"incidentkit/rules"
)

// cueAnnotator finds the sentence's trigger as the spec orders categories
// (a foiled-plot word anywhere wins, else the earliest attack, clash or
// arrest word, else a weak killing word), its exclusions, and whether it
// points back to an incident told before.
type cueAnnotator struct {
	rs       *rules.Set
	negation map[string]bool // "have not clashed"
	plural   map[string]bool // "attacks across Russia": a trend
	definite map[string]bool // "the attack": a reference
	indef    map[string]bool // "an attack": a new event
	anaphora *rules.Matcher  // "the attackers", "the raid"
	// overrides: the triggers (by name, class exclusion_override) that a
	// sentence's excluding statement does not silence: "the group said it
	// carried out the attack" is a claim, not a reaction.
	overrides map[string]bool
}

func newCueAnnotator(rs *rules.Set) (*cueAnnotator, error) {
	an, err := rs.WordMatcher("anaphora")
	if err != nil {
		return nil, err
	}
	return &cueAnnotator{rs: rs, negation: rs.Classes.Word("negation").Set(), plural: rs.Classes.Word("plural_event_noun").Set(),
		definite: rs.Classes.Word("definite").Set(), indef: rs.Classes.Word("indefinite").Set(), anaphora: an,
		overrides: rs.Classes.Word("exclusion_override").Set()}, nil
}

func (c *cueAnnotator) Annotate(d *docState, s *sentence) {
	s.cand = c.rs.Prefilter.Scan(s.Text, nil)
	c.classify(s)
	// The second clause of a sentence telling two events takes the first
	// one's kind of event ("..., and two officers were injured in Chechnya
	// Sunday" after "two separate attacks in Ingushetia on Saturday").
	if s.Split && s.category == "" && s.excluded == "" && d.clause.category != "" {
		s.category, s.trigger, s.trigPos, s.plural = d.clause.category, d.clause.trigger, 0, false
	}
	d.clause.category, d.clause.trigger = s.category, s.trigger
	s.anaphora = c.anaphora != nil && c.anaphora.MatchString(s.Text)
}

// overridden reports a trigger named in exclusion_override in the sentence.
func (c *cueAnnotator) overridden(s *sentence) bool {
	for _, t := range c.rs.Triggers.Strong {
		if c.overrides[t.Name] && s.find(t) != nil {
			return true
		}
	}
	return false
}

func (c *cueAnnotator) classify(s *sentence) {
	tr := &c.rs.Triggers
	text := s.Text
	for _, ex := range tr.Exclude {
		if !s.may(ex) || !ex.Re.MatchString(text) {
			continue
		}
		if ex.Extends && c.overridden(s) {
			continue
		}
		// A court case is no incident; an arrest it mentions is one ("In
		// May 2022 the court convicted five people arrested in August
		// 2021"): the exclusion keeps the triggers of those categories.
		for _, t := range tr.Strong {
			if !contains(ex.Keep, t.Value) || !s.may(t) {
				continue
			}
			if loc := c.firstAsserted(t, text); loc != nil && (s.category == "" || loc[0] < s.trigPos) {
				s.category, s.trigger, s.trigPos = t.Value, t, loc[0]
			}
		}
		if s.category == "" && !ex.Extends {
			s.excluded = ex.Name
		}
		return
	}
	for _, t := range tr.Foiled {
		if !s.may(t) {
			continue
		}
		if loc := c.firstAsserted(t, text); loc != nil {
			// A foiled plot is news even when named definitely ("announced
			// the foiling of a plot"): no reference test.
			s.category, s.trigger, s.trigPos = t.Value, t, loc[0]
			return
		}
	}
	best, bestPlural := -1, -1
	var plural rules.Rule
	for _, t := range tr.Strong {
		if !s.may(t) {
			continue
		}
		for _, loc := range t.Re.FindAllStringIndex(text, -1) {
			if c.negated(text, loc[0]) || c.adjectival(text, loc) {
				continue
			}
			if c.plural[strings.ToLower(text[loc[0]:loc[1]])] {
				if bestPlural < 0 || loc[0] < bestPlural {
					bestPlural, plural = loc[0], t
				}
				continue
			}
			if best < 0 || loc[0] < best {
				best = loc[0]
				s.category, s.trigger, s.trigPos = t.Value, t, loc[0]
			}
			break
		}
	}
	if best >= 0 {
		s.refers = c.reference(text, best)
		return
	}
	if bestPlural >= 0 {
		s.category, s.trigger, s.trigPos, s.plural = plural.Value, plural, bestPlural, true
		s.refers = c.reference(text, bestPlural)
		return
	}
	for _, t := range tr.Weak {
		if loc := s.find(t); loc != nil {
			s.category, s.trigger, s.trigPos, s.weak = t.Value, t, loc[0], true
			return
		}
	}
}

// firstAsserted is the first match of r that is not negated.
func (c *cueAnnotator) firstAsserted(r rules.Rule, text string) []int {
	for _, loc := range r.Re.FindAllStringIndex(text, -1) {
		if !c.negated(text, loc[0]) && !c.adjectival(text, loc) {
			return loc
		}
	}
	return nil
}

// adjectival: a participle right after a determiner modifies a noun ("the
// detained suspects", "those arrested men"); it reports no act.
func (c *cueAnnotator) adjectival(text string, loc []int) bool {
	m := strings.ToLower(text[loc[0]:loc[1]])
	if strings.Contains(m, " ") || !strings.HasSuffix(m, "ed") {
		return false
	}
	words := strings.Fields(text[max(0, loc[0]-12):loc[0]])
	if len(words) == 0 || !c.definite[strings.ToLower(words[len(words)-1])] {
		return false
	}
	rest := strings.Fields(text[loc[1]:min(len(text), loc[1]+30)])
	return len(rest) > 0 && rest[0] != "" && rest[0][0] >= 'a' && rest[0][0] <= 'z' && !strings.ContainsAny(rest[0], ",.;:")
}

// negated: "have not clashed", "no attack was reported", "never attacked":
// a negation among the two words before the trigger.
func (c *cueAnnotator) negated(text string, pos int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, pos-24):pos]))
	for k := 0; k < 2 && k < len(words); k++ {
		w := words[len(words)-1-k]
		if c.negation[w] {
			return true
		}
		for n := range c.negation {
			if strings.HasPrefix(n, "n'") && strings.HasSuffix(w, n) {
				return true // "didn't", "haven't"
			}
		}
	}
	return false
}

// reference reports a trigger read as a reference to an event told
// elsewhere: "the attack", "the Crocus attack", "this bombing".
func (c *cueAnnotator) reference(text string, pos int) bool {
	words := strings.Fields(text[max(0, pos-40):pos])
	for k := 0; k < 4 && k < len(words); k++ {
		w := words[len(words)-1-k]
		if strings.ContainsAny(w, ",;:.()") {
			return false
		}
		switch lw := strings.ToLower(w); {
		case c.definite[lw]:
			return true
		case c.indef[lw]:
			return false
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
