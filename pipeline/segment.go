package pipeline

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"

	"incidentkit/extractors/dates"
	"incidentkit/extractors/places"
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
	dateLine, placeLine, entry := "", "", false
	entryBlock := -1 // the first line of an entry read line by line (below), -1: none
	for bi, b := range c.Blocks {
		text := c.Text[b.Start:b.End]
		// Inside an entry (under its date line), a short line that is no
		// date, place or titled heading is a line of the entry: a table
		// flattened to one cell a line gives "16 June 2011" / "Abuja police
		// headquarters bombing" / "2 killed" / the description.
		inEntry := b.Heading && dateLine != "" && dates.HeadingYear(text) == 0 && !e.isDateLine(text) && !e.isPlaceLine(text) && c.Blocks[bi-1].Heading
		if b.Heading && !inEntry {
			entryBlock = -1
			// A heading with no year of its own ("=== March ===", "2
			// January", "Appendix A") keeps the year of the one above.
			if y := dates.HeadingYear(text); y > 0 {
				headingYear = y
			}
			section = bi
			// A chronology's entry opens with a date line, a place line or
			// both ("2 January" / "Tajikistan"); any other heading closes it.
			switch {
			case e.isDateLine(text):
				dateLine, placeLine, entry = text, "", true
			case e.isPlaceLine(text):
				placeLine, entry = text, true
			default:
				dateLine, placeLine, entry = "", "", false
			}
			continue
		}
		if b.Kind == BlockDateline {
			continue
		}
		first := entry
		entry = false
		// The lines of such an entry and the paragraph right after them
		// are one paragraph: what one line tells, the next completes.
		block := bi
		switch {
		case inEntry && entryBlock < 0:
			entryBlock = bi
		case inEntry:
			block = entryBlock
		case entryBlock >= 0:
			block, entryBlock = entryBlock, -1
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
			out = append(out, Sentence{Start: b.Start + start, End: b.Start + end, Text: text[start:end], Block: block,
				HeadingYear: headingYear, Section: section, DateLine: dateLine, PlaceLine: placeLine, Entry: first})
			first = false
		}
	}
	return out
}

// isDateLine reports a heading that is a date and nothing else: "2
// January", "2-13 January", "- 8 January", "January 9:", "March 5, 2003".
func (e *Engine) isDateLine(text string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "-–—•*:=."))
	if t == "" || len(t) > 40 {
		return false
	}
	ds := e.dating.x.Extract(t, dates.Context{})
	if len(ds) == 0 {
		return false
	}
	d := ds[0]
	return d.Start <= 1 && d.End >= len(t)-1 && d.Month > 0
}

// isPlaceLine reports a heading that names a country or a first-level
// region and nothing else: "Tajikistan", "West Bank", "Chechnya".
func (e *Engine) isPlaceLine(text string) bool {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(text), "-–—•*:=."))
	if t == "" || len(t) > 40 || strings.Count(t, " ") > 3 {
		return false
	}
	p, ok := e.places.Lookup(t)
	return ok && (p.Kind == places.KindCountry || p.Kind == places.KindRegion)
}
