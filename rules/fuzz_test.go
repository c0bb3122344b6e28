package rules

import (
	"maps"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// A casualties.yaml entry "slain$" or "^slain" panicked in the loader
// (regexp.MustCompile on the union of a section's patterns). Every rule
// file, whatever its patterns, loads or gives one line of error.
func TestAnchoredPatternsLoad(t *testing.T) {
	cas := read(t, "en/casualties.yaml")
	for _, p := range []string{"slain$", "^slain", "^slain$", "(?i)slain$"} {
		q := strconv.Quote(p)
		for file, content := range map[string]string{
			"en/casualties.yaml": cas + "\n  - {name: zz-anchored, kind: cue, pattern: " + q + ", value: 1, role: victim, effect: killed}\n",
			"en/triggers.yaml":   read(t, "en/triggers.yaml") + "\n  - {name: zz-anchored, kind: cue, pattern: " + q + "}\n",
		} {
			_, err := Load(withFile(t, file, content))
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("%s with %s: error of more than one line: %q", file, p, err)
			}
		}
	}
}

// FuzzLoad puts a fuzzed pattern and a fuzzed sequence into rule files:
// loading never panics, and an error is one line.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{"slain$", "^slain", "(a|b)*c", "x{1000}", "[[:alpha:]]", "{killing_verb}", "\\b", "(?:", "\xff"} {
		f.Add(s, "COUNT killed")
	}
	f.Add("attack", "killing ( COUNT")
	f.Add("a", "COUNT[hed:x] !!( a | $ )")
	trig := read(f, "en/triggers.yaml")
	cas := read(f, "en/casualties.yaml")
	base := withFile(f, "en/triggers.yaml", trig).(fstest.MapFS)
	f.Fuzz(func(t *testing.T, pattern, match string) {
		files := map[string]string{
			"en/triggers.yaml":   trig + "\n  - {name: zz-fuzz, kind: cue, pattern: " + strconv.Quote(pattern) + "}\n",
			"en/casualties.yaml": cas + "\n  - {name: zz-fuzz, kind: sequence, match: " + strconv.Quote(match) + ", effect: killed}\n",
		}
		for file, content := range files {
			m := maps.Clone(base)
			m[file] = &fstest.MapFile{Data: []byte(content)}
			_, err := Load(m)
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Fatalf("%s: error of more than one line: %q", file, err)
			}
		}
	})
}
