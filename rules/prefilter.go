package rules

// Prefilter tells, in one pass over a sentence, which cues may match it: each
// cue's matches start at a word start with one of a few literals (worked out
// from its regexp at load), so a sentence's words, looked up by their first
// letters, name the cues worth running. Most sentences hold no trigger,
// weapon or casualty word at all, and then no regexp runs.
type Prefilter struct {
	byKey  map[string][]int32 // lower-case literal prefix (up to keyLen bytes) -> cue ids
	always []int32            // cues without a usable literal prefix
	lits   [][]string         // cue id -> its literals
	n      int
}

const keyLen = 3

// Scan marks in out (len = number of cues) the cues that may match text.
func (p *Prefilter) Scan(text string, out []bool) []bool {
	if cap(out) < p.n {
		out = make([]bool, p.n)
	}
	out = out[:p.n]
	for i := range out {
		out[i] = false
	}
	for _, id := range p.always {
		out[id] = true
	}
	var key [keyLen]byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 0x80 {
			// Two non-ASCII letters fold to ASCII ones (long s, Kelvin sign):
			// rare enough to give up and run everything.
			if i+2 < len(text) && (text[i:i+2] == "ſ" || text[i:i+3] == "\u212A") {
				for j := range out {
					out[j] = true
				}
				return out
			}
			continue
		}
		if !isWord(c) || (i > 0 && isWord(text[i-1])) {
			continue
		}
		k := 0
		for j := i; j < len(text) && k < keyLen; j++ {
			key[k] = lower(text[j])
			k++
		}
		for l := k; l >= 1; l-- {
			for _, id := range p.byKey[string(key[:l])] {
				if !out[id] && p.confirm(id, text, i) {
					out[id] = true
				}
			}
		}
	}
	return out
}

// confirm checks a cue's literals at position i, ignoring ASCII case.
func (p *Prefilter) confirm(id int32, text string, i int) bool {
	for _, l := range p.lits[id] {
		if len(text)-i >= len(l) && eqFoldASCII(text[i:i+len(l)], l) {
			return true
		}
	}
	return false
}

func eqFoldASCII(s, lowerLit string) bool {
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != lowerLit[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// Cues is the number of cues the prefilter knows; a Scan result has this length.
func (p *Prefilter) Cues() int { return p.n }

// buildPrefilter numbers every cue and exclude rule of the set (Rule.ID)
// and indexes its literals.
func (s *Set) buildPrefilter() {
	p := &Prefilter{byKey: map[string][]int32{}}
	add := func(cs []Rule) {
		for i := range cs {
			if cs[i].Re == nil {
				cs[i].ID = -1
				continue
			}
			id := int32(p.n)
			cs[i].ID = int(id)
			p.n++
			lits := cs[i].Re.lits
			p.lits = append(p.lits, lits)
			usable := len(lits) > 0
			for _, l := range lits {
				if l == "" || !isWord(l[0]) {
					usable = false
				}
			}
			if !usable {
				p.always = append(p.always, id)
				continue
			}
			seen := map[string]bool{}
			for _, l := range lits {
				k := l[:min(len(l), keyLen)]
				if !seen[k] {
					seen[k] = true
					p.byKey[k] = append(p.byKey[k], id)
				}
			}
		}
	}
	add(s.Triggers.Foiled)
	add(s.Triggers.Strong)
	add(s.Triggers.Weak)
	add(s.Triggers.Exclude)
	for _, f := range s.Schema.Of(KindSet) {
		add(s.Sets[f.From])
	}
	add(s.Casualties.Adjust)
	add(s.Casualties.Facts)
	add(s.Assembly.ClaimRef)
	add(s.Assembly.NoClaim)
	add(s.Assembly.Anniversary)
	add(s.Assembly.LaterAct)
	s.Prefilter = p
}
