package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
)

// On ASCII text the word template matches exactly where Go's \b does, and
// the literal pre-check never hides a match: every cue of the defaults,
// on the seed lines and on phrases that stress case folding.
func TestMatcherAgreesWithASCIIBoundaries(t *testing.T) {
	s := defaults(t)
	texts := []string{
		"GUNMEN OPENED FIRE ON A CHURCH", "Thwarted: a PLOT to bomb the Metro", "Suicide Bomber Kills 12",
		"the Shoot-Out lasted hours", "He was DETAINED on Friday", "drove a truck into crowds",
		"killed killed, killed", "attack-attacked attacks", "bombed_ bombed",
	}
	texts = append(texts, seedLines(t)...)
	var cues []Rule
	cues = append(cues, s.Triggers.Foiled...)
	cues = append(cues, s.Triggers.Strong...)
	cues = append(cues, s.Triggers.Weak...)
	cues = append(cues, s.Triggers.Exclude...)
	cues = append(cues, s.Sets["weapons"]...)
	cues = append(cues, s.Sets["targets"]...)
	checked := 0
	for _, c := range cues {
		ref := regexp.MustCompile(`(?i)\b(?:` + c.Re.String() + `)\b`)
		for _, text := range texts {
			want := ref.FindAllStringIndex(text, -1)
			got := c.Re.FindAllStringIndex(text, -1)
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s on %q: %v, with \\b %v", c.Name, text, got, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d checks", checked)
	}
}

// The word template knows every script: a Cyrillic word is a word, and so
// is a letter with a combining mark; Go's \b knows ASCII only.
func TestUnicodeBoundaries(t *testing.T) {
	s := defaults(t)
	cases := []struct {
		pat, text string
		want      [][]int
	}{
		{"убиты", "В Махачкале убиты пять полицейских", [][]int{{22, 32}}},
		{"убит", "В Махачкале убиты пять", nil}, // inside a word
		{"café", "a café attack", [][]int{{2, 7}}},
		{"caf", "a café attack", nil},
		{"killed", "killed,killed killed", [][]int{{0, 6}, {7, 13}, {14, 20}}},
		{"killed", "unkilled killedx", nil},
		{"^kill", "kill kill", [][]int{{0, 4}}},
		{"kill$", "kill kill", [][]int{{5, 9}}},
		{"kill|killed", "killed", [][]int{{0, 6}}},
	}
	for _, c := range cases {
		m, err := compileMatcher(c.pat, s.Lang)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.FindAllStringIndex(c.text, -1); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q on %q: %v, want %v", c.pat, c.text, got, c.want)
		}
	}
}

// The prefilter must never rule out a cue that matches.
func TestPrefilterNeverHidesAMatch(t *testing.T) {
	s := defaults(t)
	texts := []string{"GUNMEN OPENED FIRE ON A CHURCH", "Thwarted: a PLOT to bomb the Metro", "ſhot dead by police",
		"(including the perpetrator)", "a double suicide bombing", "He was later arrested."}
	texts = append(texts, seedLines(t)...)
	all := [][]Rule{s.Triggers.Foiled, s.Triggers.Strong, s.Triggers.Weak, s.Triggers.Exclude, s.Sets["weapons"], s.Sets["targets"],
		s.Casualties.Adjust, s.Casualties.Facts, s.Assembly.ClaimRef, s.Assembly.NoClaim}
	var buf []bool
	ruledOut := 0
	for _, text := range texts {
		buf = s.Prefilter.Scan(text, buf)
		for _, cs := range all {
			for _, c := range cs {
				if c.Re == nil {
					continue
				}
				if !buf[c.ID] {
					ruledOut++
					if c.Re.re.MatchString(text) {
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

// mustLits: each branch's longest required literals, so that a sentence with
// none of them skips the regexp ("held talks" never runs the hostage cue);
// every match holds one of them.
func TestMustLits(t *testing.T) {
	for _, c := range []struct {
		pat       string
		fire, not []string
	}{
		{`(?:took|taken|held) (?:\w+ ){0,2}hostages?`, []string{"held 30 workers hostage", "took hostages"}, []string{"held talks on Tuesday"}},
		{`set (?:\w+ ){1,3}(?:on fire|ablaze)|torched`, []string{"set the church on fire", "torched a car"}, []string{"set up a checkpoint"}},
		{`attack(?:s|ed)?|assault(?:s|ed)?`, []string{"attacked", "assaults"}, []string{"a raid"}},
		{`bomb(?:ed|ing)|(?:planted|placed) (?:\w+ )?(?:bombs?)`, []string{"bombed", "planted two bombs"}, []string{"planted trees"}},
	} {
		p, err := syntax.Parse(`(?i)(?:`+c.pat+`)`, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		must := mustLits(p.Simplify())
		if must == nil {
			t.Errorf("%s: no literals", c.pat)
			continue
		}
		for _, f := range c.fire {
			if !anyFold(f, must) {
				t.Errorf("%s: %q holds none of %q, yet matches", c.pat, f, must)
			}
		}
		for _, n := range c.not {
			if anyFold(n, must) {
				t.Errorf("%s: %q holds one of %q, the regexp would run", c.pat, n, must)
			}
		}
	}
	// A pattern with a branch that needs no literal has none.
	p, _ := syntax.Parse(`(?i)(?:bomb|\d+)`, syntax.Perl)
	if got := mustLits(p.Simplify()); got != nil {
		t.Errorf("bomb|\\d+: got %q, want none", got)
	}
}

// A matcher of word classes skips a text holding none of its entries' key
// words, and never one that matches: hyphens and apostrophes split words
// as the patterns' boundaries do ("ex-militants", "police’s").
func TestWordMatcherKeyWords(t *testing.T) {
	s := defaults(t)
	m, err := s.WordMatcher("outcome", "casualty_cue", "attacker_noun")
	if err != nil {
		t.Fatal(err)
	}
	if m.words == nil {
		t.Fatal("no key words: the word classes hold a pattern?")
	}
	texts := []string{"Three ex-militants were KILLED.", "The hostage-takers fled.", "He was taken into custody.",
		"the attackers’ car", "Nothing happened in the town today.", "Dozens were HOSPITALISED", "Гражданин погиб"}
	texts = append(texts, seedLines(t)...)
	skipped := 0
	for _, text := range texts {
		if !m.hasWord(text) {
			skipped++
			if m.re.MatchString(text) {
				t.Errorf("%q matches but its words were ruled out", text)
			}
		}
	}
	if skipped == 0 {
		t.Error("the key words ruled nothing out")
	}
}
