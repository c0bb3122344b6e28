package pipeline

import "incidentkit/rules"

// tally is one sentence's facts as counts per count field of the schema.
// Subsets of a counted toll are not added; a toll that may include
// perpetrators (role total) is split by its parts.
type tally struct {
	counts map[string]int
	rules  map[string]string // the first fact's provenance per field
}

func (t *tally) add(field *rules.Field, v int, f fact) {
	if field == nil {
		return // no field counts this role and effect (perpetrators injured)
	}
	t.counts[field.Name] += v
	if _, ok := t.rules[field.Name]; !ok {
		t.rules[field.Name] = f.ruleText()
	}
}

func (t *tally) has(field string) bool {
	_, ok := t.counts[field]
	return ok
}

func tallyFacts(s *rules.Schema, fs []fact) tally {
	t := tally{counts: map[string]int{}, rules: map[string]string{}}
	// Tolls per effect, and the parts of each that say who they were.
	type split struct {
		toll, perp, victims int
		has                 bool
		first, perpFact     fact
	}
	splits := map[string]*split{}
	for _, f := range fs {
		if f.role == rules.RoleTotal && !f.subset {
			sp := splits[f.effect]
			if sp == nil {
				sp = &split{first: f}
				splits[f.effect] = sp
			}
			sp.toll += f.value
			sp.has = true
		}
	}
	for _, f := range fs {
		if sp := splits[f.effect]; sp != nil && f.subset {
			if f.role == rules.RolePerpetrator {
				sp.perp += f.value
				sp.perpFact = f
			} else {
				sp.victims += f.value
			}
		}
	}
	// The count fields that a count no part of another fills: a part of
	// such a toll ("including two police", "including a man suspected of
	// driving them") is in it already.
	governed := map[string]bool{}
	for _, f := range fs {
		if !f.subset && f.role != rules.RoleTotal {
			if field := s.CountFor(f.effect, f.role); field != nil {
				governed[field.Name] = true
			}
		}
	}
	for _, eff := range s.Effects() {
		sp := splits[eff]
		if sp == nil {
			continue
		}
		victim, perp := s.CountFor(eff, rules.RoleVictim), s.CountFor(eff, rules.RolePerpetrator)
		if sp.perp > 0 || sp.victims > 0 {
			// "5 deaths, three soldiers and two jihadists"; "(including the perpetrator)"
			victims := sp.toll - sp.perp
			if sp.victims > 0 && sp.victims+sp.perp == sp.toll {
				victims = sp.victims
			}
			t.add(victim, victims, sp.first)
			if sp.perp > 0 {
				t.add(perp, sp.perp, sp.perpFact)
			}
			continue
		}
		for _, f := range fs {
			if f.role == rules.RoleTotal && !f.subset && f.effect == eff {
				t.add(victim, f.value, f)
			}
		}
	}
	for _, f := range fs {
		if f.role == rules.RoleTotal {
			continue
		}
		if f.subset && splits[f.effect] != nil {
			continue // already split above
		}
		if field := s.CountFor(f.effect, f.role); f.subset && field != nil && governed[field.Name] {
			continue // "killing 5 people, including two police", "three men arrested, including a man suspected of ...": already counted
		}
		t.add(s.CountFor(f.effect, f.role), f.value, f)
	}
	// "injuring more than 50 people, four of them fatally": the four leave
	// the injured.
	for _, f := range fs {
		if f.from == "" {
			continue
		}
		role := f.role
		if role == rules.RoleTotal {
			role = rules.RoleVictim
		}
		if field := s.CountFor(f.from, role); field != nil && t.counts[field.Name] > f.value {
			t.counts[field.Name] -= f.value
		}
	}
	return t
}
