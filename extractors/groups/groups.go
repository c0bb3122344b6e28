// Package groups finds armed groups named in text through the alias table of
// the rules (rules/defaults/aliases.yaml). The alias table comes first: prose's
// statistical NER labels "Islamic State" or "FSB" as PERSON, so it is no use
// for group names.
package groups

import (
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
	// Others are the other groups the same name stands for, in other
	// countries (ELN in Colombia and in Bolivia); Resolve chooses.
	Others []rules.Group
	// Countries of the group named, where it is active.
	Countries []string
}

// Resolve picks, among the groups a shared name stands for, the one active
// in country; without a match the mention stays as found (the first group
// of the table).
func (m Mention) Resolve(country string) Mention {
	if len(m.Others) == 0 || country == "" || contains(m.Countries, country) {
		return m
	}
	for _, g := range m.Others {
		if contains(g.Countries, country) {
			r := m
			r.Name, r.Parent, r.Countries = g.Name, g.Parent, g.Countries
			r.Rule = "alias:" + g.Source + " (in " + country + ")"
			return r
		}
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Extractor matches every alias with a byte trie: at each word start, the
// longest alias ("ISIS-K" wins over "ISIS" and "IS"). One pass over the
// text, no regexp: this runs on every sentence of every document.
type Extractor struct {
	byText map[string][]rules.Group // a name shared by groups of other countries has several
	trie   []trieNode
}

type trieNode struct {
	next map[byte]int32
	end  bool
}

// New compiles the alias table.
func New(groups []rules.Group) *Extractor {
	byText := map[string][]rules.Group{}
	var aliases []string
	for _, g := range groups {
		names := append(append([]string{g.Name}, g.Aliases...), g.Members...)
		for _, a := range names {
			gs := byText[a]
			if len(gs) > 0 && gs[len(gs)-1].Name == g.Name {
				continue
			}
			if len(gs) == 0 {
				aliases = append(aliases, a)
			}
			byText[a] = append(gs, g)
		}
	}
	sort.Strings(aliases)
	e := &Extractor{byText: byText, trie: []trieNode{{}}}
	for _, a := range aliases {
		n := 0
		for i := 0; i < len(a); i++ {
			if e.trie[n].next == nil {
				e.trie[n].next = map[byte]int32{}
			}
			c, ok := e.trie[n].next[a[i]]
			if !ok {
				c = int32(len(e.trie))
				e.trie = append(e.trie, trieNode{})
				e.trie[n].next[a[i]] = c
			}
			n = int(c)
		}
		e.trie[n].end = true
	}
	return e
}

// longest returns the end of the longest alias starting at i that ends on a
// word boundary, or -1.
func (e *Extractor) longest(text string, i int) int {
	n, best := 0, -1
	for j := i; j < len(text); j++ {
		c, ok := e.trie[n].next[text[j]]
		if !ok {
			break
		}
		n = int(c)
		if e.trie[n].end && boundary(text, j+1) {
			best = j + 1
		}
	}
	return best
}

// Extract returns the group mentions of text in order.
func (e *Extractor) Extract(text string) []Mention {
	var out []Mention
	root := e.trie[0].next
	for s := 0; s < len(text); s++ {
		// Aliases start at a word start; an alias glued to letters
		// ("ISISes", "THIS") is no mention.
		if _, ok := root[text[s]]; !ok || !boundary(text, s-1) {
			continue
		}
		t := e.longest(text, s)
		if t < 0 || shouting(text, s, t) {
			continue
		}
		gs := e.byText[text[s:t]]
		g := gs[0]
		out = append(out, Mention{
			Span:      extractors.Span{Start: s, End: t, Text: text[s:t], Rule: "alias:" + g.Source},
			Name:      g.Name,
			Parent:    g.Parent,
			Countries: g.Countries,
			Others:    gs[1:],
		})
		s = t - 1
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
