package rules

import (
	"strings"
	"testing"
)

// testInput tokenizes text and marks counts: each "count|noun" names the
// count phrase and its noun as substrings of text ("17 police officers|police officers").
func testInput(t *testing.T, l *Language, text string, counts ...string) *Input {
	t.Helper()
	in := &Input{Text: text, Tokens: l.Tokenize(text, nil)}
	for _, c := range counts {
		phrase, noun, _ := strings.Cut(c, "|")
		at := strings.Index(text, phrase)
		if at < 0 {
			t.Fatalf("%q not in %q", phrase, text)
		}
		rc := Count{Start: TokenAt(in.Tokens, at), End: TokenEnd(in.Tokens, at+len(phrase))}
		rc.NounStart, rc.NounEnd = rc.End, rc.End
		if noun != "" {
			n := at + strings.Index(phrase, noun)
			rc.NounStart, rc.NounEnd = TokenAt(in.Tokens, n), TokenEnd(in.Tokens, n+len(noun))
			f := strings.Fields(noun)
			rc.Head = strings.ToLower(f[len(f)-1])
		}
		in.Counts = append(in.Counts, rc)
	}
	return in
}

// A corpus of sequences: sentences each must match (and the counts it must
// take), and near-misses it must not.
func TestSequences(t *testing.T) {
	s := defaults(t)
	cases := []struct {
		match  string
		fire   map[string][]string // sentence -> counts ("phrase|noun"); the match takes all of them
		misses map[string][]string
	}{
		{
			match: "{outcome_verb} ( and? {harm_participle} )? COUNT",
			fire: map[string][]string{
				"gunmen opened fire, killing 17 police officers": {"17 police officers|police officers"},
				"the blast wounded and killed 3 people":          {"3 people|people"},
				"They shot dead two guards.":                     {"two guards|guards"},
			},
			misses: map[string][]string{
				"17 police officers were killed":             {"17 police officers|police officers"},
				"5 deaths, three soldiers and two jihadists": {"three soldiers|soldiers"},
			},
		},
		{
			match: "COUNT[head:{perpetrator_noun}]",
			fire: map[string][]string{
				"three militants were killed": {"three militants|militants"},
				"two suspected IS gunmen":     {"two suspected IS gunmen|suspected IS gunmen"},
			},
			misses: map[string][]string{"three soldiers were killed": {"three soldiers|soldiers"}},
		},
		{
			match: "COUNT[noun:{outcome=killed} noun!:wounded]",
			fire:  map[string][]string{"the attack left six deaths": {"six deaths|deaths"}},
			misses: map[string][]string{
				"11 wounded soldiers": {"11 wounded soldiers|wounded soldiers"},
				"six people":          {"six people|people"},
			},
		},
		{
			match: "COUNT ( {list_joiner}+ COUNT )* _[^{new_clause} {clause_end} COUNT]{0,30} ( {passive_aux} ~{0,3} {outcome} | {intransitive_outcome} )",
			fire: map[string][]string{
				"six gunmen and a civilian were later shot dead":   {"six gunmen|gunmen", "a civilian|civilian"},
				"Two policemen, one of whom was critically, died.": {"Two policemen|policemen"},
			},
			misses: map[string][]string{
				"three hostages took a woman before he was killed": {"three hostages|hostages"},
				"two men; the others were arrested":                {"two men|men"},
			},
		},
		{
			match: "the other !!( was | , | \\. | $ )",
			fire:  map[string][]string{"One fled and the other was arrested": nil, "One died; the other.": nil},
			misses: map[string][]string{
				"on the other hand": nil,
			},
		},
		{
			match: "^ ( a | an )? {outcome} $",
			fire:  map[string][]string{"killed": nil, "shot dead": nil},
			misses: map[string][]string{
				"he was killed": nil,
			},
		},
	}
	for _, c := range cases {
		seq, err := compileSequence(c.match, s.Classes, s.Lang)
		if err != nil {
			t.Fatalf("%q: %v", c.match, err)
		}
		for text, counts := range c.fire {
			in := testInput(t, s.Lang, text, counts...)
			ms := seq.FindAll(in)
			if len(ms) == 0 {
				t.Errorf("%q does not match %q", c.match, text)
				continue
			}
			if len(counts) > 0 && len(ms[0].Counts) != len(counts) {
				t.Errorf("%q on %q took counts %v, want %d", c.match, text, ms[0].Counts, len(counts))
			}
		}
		for text, counts := range c.misses {
			in := testInput(t, s.Lang, text, counts...)
			if ms := seq.FindAll(in); len(ms) > 0 {
				t.Errorf("%q matches the near-miss %q (%+v)", c.match, text, ms[0])
			}
		}
	}
}

// Values of valued classes reach the effect a rule gives.
func TestSequenceValues(t *testing.T) {
	s := defaults(t)
	seq, err := compileSequence("COUNT ,? {participle_aux}? {outcome}", s.Classes, s.Lang)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"four members killed":     "killed",
		"two were arrested":       "arrested",
		"12 people were wounded":  "injured",
		"3 policemen were hurt":   "injured",
		"9 fighters taken alive!": "arrested",
	} {
		in := testInput(t, s.Lang, text, strings.Join(strings.Fields(text)[:2], " ")+"|"+strings.Fields(text)[1])
		ms := seq.FindAll(in)
		if len(ms) == 0 {
			t.Errorf("no match on %q", text)
			continue
		}
		if got := (Give{Effect: "{outcome}"}).EffectOf(&ms[0]); got != want {
			t.Errorf("%q: effect %q, want %q", text, got, want)
		}
	}
}

// Nested repetitions cannot take more than the step budget: a long
// sentence that almost matches ends, it does not hang.
func TestSequenceBudget(t *testing.T) {
	s := defaults(t)
	seq, err := compileSequence("( ( ~ | _ )* ( ~ | _ )* )* never", s.Classes, s.Lang)
	if err != nil {
		t.Fatal(err)
	}
	in := testInput(t, s.Lang, strings.Repeat("word , ", 300))
	if seq.Holds(in) {
		t.Error("matched a word that is not there")
	}
}

func TestSequenceSyntaxErrors(t *testing.T) {
	s := defaults(t)
	for pat, want := range map[string]string{
		"killed ( COUNT":       "unclosed (",
		"{nope} COUNT":         "unknown word class",
		"COUNT[head]":          "want field:value",
		"COUNT[size:3]":        "unknown field",
		"killed{0,99}":         "repetition",
		"shot-dead-by-police,": "not one token",
		"_[^{outcome}":         "unclosed [^",
		"":                     "empty sequence",
	} {
		_, err := compileSequence(pat, s.Classes, s.Lang)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", pat, err, want)
		}
	}
}
