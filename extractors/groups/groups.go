// Package groups finds armed groups named in text through the alias table of
// the rules (rules/defaults/aliases.yaml). The alias table comes first: prose's
// statistical NER labels "Islamic State" or "FSB" as PERSON, so it is no use
// for group names.
package groups

import (
	"regexp"
	"sort"
	"strings"

	"incidentkit/extractors"
	"incidentkit/rules"
)

// Mention is one group named in the text.
type Mention struct {
	extractors.Span
	Name   string // canonical name
	Parent string // the group it belongs to ("Islamic State" for a province), "" otherwise
}

// Extractor matches every alias with one compiled alternation, longest alias
// first so "ISIS-K" wins over "ISIS" and "IS".
type Extractor struct {
	re     *regexp.Regexp
	byText map[string]rules.Group
	first  string // bytes an alias can start with, for a cheap pre-check
}

// New compiles the alias table.
func New(groups []rules.Group) *Extractor {
	byText := map[string]rules.Group{}
	var aliases []string
	firsts := map[byte]bool{}
	for _, g := range groups {
		for _, a := range append([]string{g.Name}, g.Aliases...) {
			if _, dup := byText[a]; dup {
				continue
			}
			byText[a] = g
			aliases = append(aliases, a)
			firsts[a[0]] = true
		}
	}
	sort.Slice(aliases, func(i, j int) bool {
		if len(aliases[i]) != len(aliases[j]) {
			return len(aliases[i]) > len(aliases[j])
		}
		return aliases[i] < aliases[j]
	})
	quoted := make([]string, len(aliases))
	for i, a := range aliases {
		quoted[i] = regexp.QuoteMeta(a)
	}
	var first []byte
	for b := range firsts {
		first = append(first, b)
	}
	sort.Slice(first, func(i, j int) bool { return first[i] < first[j] })
	e := &Extractor{byText: byText, first: string(first)}
	if len(quoted) > 0 {
		// Boundaries are checked by hand after the match: Go's \b is ASCII-only
		// and aliases may end in a dash or apostrophe.
		e.re = regexp.MustCompile(`(?:` + strings.Join(quoted, "|") + `)`)
	}
	return e
}

// Extract returns the group mentions of text in order.
func (e *Extractor) Extract(text string) []Mention {
	if e.re == nil || !strings.ContainsAny(text, e.first) {
		return nil
	}
	var out []Mention
	for _, loc := range e.re.FindAllStringIndex(text, -1) {
		s, t := loc[0], loc[1]
		if !boundary(text, s-1) || !boundary(text, t) {
			// Retry shorter aliases inside a longer word is not needed: an alias
			// glued to letters ("ISISes", "THIS") is no mention.
			continue
		}
		if shouting(text, s, t) {
			continue
		}
		g := e.byText[text[s:t]]
		out = append(out, Mention{
			Span:   extractors.Span{Start: s, End: t, Text: text[s:t], Rule: "alias:" + g.Source},
			Name:   g.Name,
			Parent: g.Parent,
		})
	}
	return out
}

// boundary reports whether position i of text is outside a word: the start or
// end of the text, or a byte that is not an ASCII letter or digit. Non-ASCII
// bytes count as boundaries so that "IS–K" (en dash) splits as the alias list
// expects.
func boundary(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	c := text[i]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')
}

// shouting reports a short all-caps alias inside an all-caps run of words
// ("WHAT IS KNOWN"): a headline, not the group.
func shouting(text string, s, t int) bool {
	if t-s > 4 {
		return false
	}
	for i := s; i < t; i++ {
		if text[i] >= 'a' && text[i] <= 'z' {
			return false
		}
	}
	return capsWord(lastWord(text[:s])) && capsWord(firstWord(text[t:]))
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	i := strings.LastIndexByte(s, ' ')
	return s[i+1:]
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

func capsWord(w string) bool {
	letters := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			return false
		case c >= 'A' && c <= 'Z':
			letters++
		}
	}
	return letters >= 2
}
