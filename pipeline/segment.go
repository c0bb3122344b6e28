package pipeline

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"

	"incidentkit/extractors/dates"
	"incidentkit/rules"
)

// segmenter cuts a paragraph into sentences, as byte ranges.
type segmenter interface {
	split(text string) [][2]int
}

// newSegmenter builds the sentence splitter a language folder names.
func newSegmenter(l *rules.Language) (segmenter, error) {
	switch l.Segmenter {
	case "punkt-english":
		t, err := english.NewSentenceTokenizer(nil)
		if err != nil {
			return nil, fmt.Errorf("sentence model: %w", err)
		}
		return punkt{t}, nil
	case "rules":
		abbr := map[string]bool{}
		for _, a := range l.Abbreviations {
			abbr[strings.ToLower(strings.TrimSuffix(a, "."))] = true
		}
		return ruleSegmenter{abbr: abbr}, nil
	}
	return nil, fmt.Errorf("unknown segmenter %q", l.Segmenter)
}

// punkt is prose's English Punkt model (sentences.v1), built once per
// process: prose rebuilds it on every NewDocument and returns sentences
// without offsets, and evidence needs byte offsets.
type punkt struct {
	t *sentences.DefaultSentenceTokenizer
}

func (p punkt) split(text string) [][2]int {
	var out [][2]int
	for _, s := range p.t.Tokenize(text) {
		out = append(out, [2]int{s.Start, s.End})
	}
	return out
}

// ruleSegmenter splits after ".", "!" or "?" followed by a space and an
// upper-case letter (or a quote or a digit), unless the word before the
// period is an abbreviation of the language.
type ruleSegmenter struct{ abbr map[string]bool }

func (r ruleSegmenter) split(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		if j >= len(text) || text[j] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(text[j+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '«' || next == '“') {
			continue
		}
		if c == '.' {
			w := text[start:i]
			if k := strings.LastIndexAny(w, " (\"«“"); k >= 0 {
				w = w[k+1:]
			}
			if r.abbr[strings.ToLower(w)] {
				continue
			}
		}
		out = append(out, [2]int{start, j})
		start = j + 1
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// Segment splits the non-heading blocks into sentences and notes the year the
// section heading above each gives.
func (e *Engine) Segment(c Cleaned) []Sentence {
	var out []Sentence
	headingYear, section := 0, -1
	for bi, b := range c.Blocks {
		text := c.Text[b.Start:b.End]
		if b.Heading {
			headingYear, section = dates.HeadingYear(text), bi
			continue
		}
		if b.Kind == BlockDateline {
			continue
		}
		for _, s := range e.segmenter.split(text) {
			start, end := s[0], s[1]
			for start < end && isSpace(text[start]) {
				start++
			}
			for end > start && isSpace(text[end-1]) {
				end--
			}
			if start >= end {
				continue
			}
			out = append(out, Sentence{Start: b.Start + start, End: b.Start + end, Text: text[start:end], Block: bi, HeadingYear: headingYear, Section: section})
		}
	}
	return out
}
