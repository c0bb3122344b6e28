package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The literal pre-check must never hide a match: every cue of the defaults
// gives the same matches with and without it, on the bundled corpus and on
// phrases that stress case folding.
func TestMatcherAgreesWithRegexp(t *testing.T) {
	s, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"GUNMEN OPENED FIRE ON A CHURCH", "Thwarted: a PLOT to bomb the Metro", "Suicide Bomber Kills 12",
		"the Shoot-Out lasted hours", "He was DETAINED on Friday", "ſhot dead", "drove a truck into crowds",
	}
	texts = append(texts, seedLines(t)...)
	var cues []Cue
	cues = append(cues, s.Triggers.Foiled...)
	cues = append(cues, s.Triggers.Strong...)
	cues = append(cues, s.Triggers.Weak...)
	cues = append(cues, s.Triggers.Exclude...)
	cues = append(cues, s.Weapons...)
	cues = append(cues, s.Targets...)
	cues = append(cues, s.Casualties.SingleActor...)
	cues = append(cues, s.Casualties.PerpDeath...)
	cues = append(cues, s.Boilerplate.Lines...)
	checked := 0
	for _, c := range cues {
		for _, text := range texts {
			want := c.Re.Regexp.FindAllStringIndex(text, -1)
			got := c.Re.FindAllStringIndex(text, -1)
			if len(want) != len(got) {
				t.Errorf("%s on %q: pre-check gives %v, regexp %v", c.Name, text, got, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d checks", checked)
	}
}

// The prefilter must never rule out a cue that matches.
func TestPrefilterNeverHidesAMatch(t *testing.T) {
	s, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"GUNMEN OPENED FIRE ON A CHURCH", "Thwarted: a PLOT to bomb the Metro", "ſhot dead by police",
		"(including the perpetrator)", "a double suicide bombing", "He was later arrested."}
	texts = append(texts, seedLines(t)...)
	var all [][]Cue
	all = append(all, s.Triggers.Foiled, s.Triggers.Strong, s.Triggers.Weak, s.Triggers.Exclude, s.Weapons, s.Targets,
		s.Casualties.PerpDeath, s.Casualties.IncludingPerp, s.Casualties.SingleActor, s.Casualties.TwoActors, s.Casualties.SingleArrest)
	var buf []bool
	ruledOut := 0
	for _, text := range texts {
		buf = s.Prefilter.Scan(text, buf)
		for _, cs := range all {
			for _, c := range cs {
				if !buf[c.ID] {
					ruledOut++
					if c.Re.Regexp.MatchString(text) {
						t.Errorf("%s matches %q but the prefilter ruled it out", c.Name, text)
					}
				}
			}
		}
	}
	if ruledOut == 0 {
		t.Error("the prefilter ruled nothing out: it is not filtering")
	}
}

// seedLines are the lines of the bundled seed documents: real text for the
// pre-check tests.
func seedLines(t *testing.T) []string {
	t.Helper()
	var lines []string
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "seeds", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	if len(lines) == 0 {
		t.Fatal("no seed documents found")
	}
	return lines
}
