package pipeline

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hard-wrapped text (wire archives, government appendices, mail) breaks
// every line near one width, inside sentences. reflow joins such lines back
// into paragraphs, and never joins structure: headings, list items, table
// rows, date lines and country lines of a chronology, short lines that end
// a paragraph.

// filled is the share of the wrap width above which a line was broken by the
// wrapping, not by the author.
const filled = 0.65

// wrapWidth reports the width a text is hard-wrapped at: most lines that
// another line follows are filled to near one width, none is much longer.
// A structure line (a chronology's date or country line, when structure
// says so) followed by its paragraph is no evidence either way.
func wrapWidth(lines []string, structure func(string) bool) (int, bool) {
	var lens []int
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 0 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 4 {
		return 0, false
	}
	sorted := append([]int(nil), lens...)
	sort.Ints(sorted)
	w := sorted[(len(sorted)-1)*9/10]
	if w < 30 || w > 110 {
		return 0, false
	}
	over := 0
	for _, n := range lens {
		if n > w+12 {
			over++
		}
	}
	if over*20 > len(lens) {
		return 0, false // some lines run long: not one wrap width
	}
	cont, full := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		if lines[i] == "" || lines[i+1] == "" || structure != nil && structure(lines[i]) {
			continue
		}
		cont++
		if float64(utf8.RuneCountInString(lines[i])) >= filled*float64(w) {
			full++
		}
	}
	if cont < 3 || float64(full) < 0.6*float64(cont) {
		return 0, false
	}
	return w, true
}

// reflow joins the lines of a hard-wrapped text into paragraphs; other
// texts come back as they are. Lines are trimmed, blank ones kept (they
// separate paragraphs).
func (c *Cleaner) reflow(lines []string) []string {
	indent := indentedParagraphs(lines)
	for i, l := range lines {
		lines[i] = strings.TrimSpace(collapseSpace(l))
	}
	width, ok := wrapWidth(lines, c.structure)
	if !ok && indent != nil {
		// Not wrapped at one width, but its paragraphs still open indented.
		var out []string
		for i, l := range lines {
			if indent[i] && len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			out = append(out, l)
		}
		return out
	}
	if !ok {
		return lines
	}
	vocab := wordsOf(lines)
	var out []string
	// The paragraph being joined grows in a buffer: joining strings would
	// copy it at every line, quadratic in a long hard-wrapped text.
	var cur []byte
	prev := ""
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
		}
		cur = cur[:0]
	}
	blank := false
	for i, l := range lines {
		if l == "" {
			blank = true
			continue
		}
		if indent != nil && indent[i] {
			blank = true // an indented first line opens a paragraph
		}
		switch {
		case len(cur) > 0 && !blank && c.joins(prev, l, width),
			len(cur) > 0 && blank && !(indent != nil && indent[i]) && c.joinsOverBlank(prev, l, width):
			// joinLines reads the end of the paragraph only (its last
			// word): a tail longer than the last line is enough.
			tail := string(cur[len(cur)-min(len(cur), len(prev)+256):])
			joined := joinLines(tail, l, vocab)
			cur = append(cur[:len(cur)-len(tail)], joined...)
		default:
			flush()
			if blank && len(out) > 0 {
				out = append(out, "")
			}
			cur = append(cur, l...)
		}
		blank = false
		prev = l
	}
	flush()
	return out
}

// indentedParagraphs reports, for a text whose paragraphs open with an
// indented line and go on flush left (wire archives: "   SAN SALVADOR,
// El Salvador (UPI) -- A weekend ..."), which lines open one; nil when the
// text is not laid out so (no indents, or no line going on flush left).
func indentedParagraphs(lines []string) []bool {
	ind, flush := 0, 0 // indented lines, and flush-left ones going on from the line before
	out := make([]bool, len(lines))
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if t == "" {
			continue
		}
		after := i > 0 && strings.TrimSpace(lines[i-1]) != "" // goes on from a line
		if n := len(l) - len(t); n >= 2 && n <= 8 {
			out[i] = after
			ind++
		} else if n == 0 && after {
			flush++
		}
	}
	// After a paragraph's indented first line the next goes on flush left;
	// in a hanging indent ("C-1  7-8 Mar 1963  Montreal" then its indented
	// particulars) indented lines follow each other.
	opens, hangs := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		t, u := strings.TrimLeft(lines[i], " \t"), strings.TrimLeft(lines[i+1], " \t")
		// (only a line that goes on: one ending a sentence may end its
		// paragraph, and the next open another)
		// (and only a line filled by the wrapping: a short one is a title)
		if len(lines[i])-len(t) < 2 || len(t) < 50 || u == "" || strings.ContainsAny(strings.TrimSpace(t)[len(strings.TrimSpace(t))-1:], ".!?\"”:") {
			continue
		}
		if len(lines[i+1]) == len(u) {
			opens++
		} else {
			hangs++
		}
	}
	if ind < 2 || flush < 3 || opens == 0 || hangs > 2*opens {
		return nil
	}
	return out
}

// joinsOverBlank: a filled line that ends no sentence and a next line that
// goes on in lower case are one paragraph, even with a blank line between
// (archives that put one between every line).
func (c *Cleaner) joinsOverBlank(a, b string, width int) bool {
	if !c.joins(a, b, width) || strings.ContainsAny(a[len(a)-1:], ".!?:;\"”") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(b)
	return unicode.IsLower(r)
}

// joins reports whether line b continues line a's paragraph: a was filled
// by the wrapping, or b goes on in lower case; never across structure.
func (c *Cleaner) joins(a, b string, width int) bool {
	if ruleLine(a) || ruleLine(b) {
		return false // "-----" draws a table, it joins nothing
	}
	// A boilerplate line after a finished sentence ("Source: Reuters") is
	// dropped, never joined. (A wrapped line inside a sentence may look like
	// one: "... via its weekly Al-Naba newsletter, claiming to have".)
	// Nor a line no sentence runs into ("Copyright 1990 The Associated
	// Press." after a headline).
	if a != "" && (strings.ContainsAny(a[len(a)-1:], ".!?") && c.boilerplate(b) || startsUpper(b) && c.standalone(b)) {
		return false
	}
	full := float64(utf8.RuneCountInString(a)) >= filled*float64(width)
	// A list item goes on over the lines the wrapping broke it into.
	if c.structure(a) && !(listItem(a) && full) {
		return false
	}
	// A short line after a filled one broken at a comma ("Published:
	// Wednesday," / "February 12, 1992") ends that sentence: it is no date
	// line of its own.
	// Nor is a short line after a filled one that ends on a function word
	// ("... in the southwestern region of" / "Stavropol").
	if c.structure(b) && !(full && (strings.HasSuffix(a, ",") || c.function[strings.ToLower(lastWordOf(a))]) && !listItem(b) && !c.heading.MatchString(b)) &&
		!(full && midSentence(a) && (strings.HasPrefix(b, "– ") || strings.HasPrefix(b, "- "))) {
		return false // a dash after a line broken mid-sentence is a dash of that sentence
	}
	if full {
		return true
	}
	r, _ := utf8.DecodeRuneInString(b)
	return unicode.IsLower(r)
}

// structure reports a line that stands on its own in any layout: a wiki
// heading, a list item, a table row, a date line ("2-13 January", "Jan.
// 3:") or a country line ("Tajikistan") of a chronology.
func (c *Cleaner) structure(l string) bool {
	switch {
	case c.heading.MatchString(l), listItem(l), strings.HasPrefix(l, "|"), strings.Count(l, " | ") >= 2:
		return true
	}
	if utf8.RuneCountInString(l) > 32 || strings.ContainsAny(l, ".!?") && !strings.HasSuffix(l, ":") && !strings.Contains(l, ". ") {
		return false
	}
	words := strings.Fields(strings.TrimRight(l, ":"))
	if len(words) == 0 || len(words) > 4 {
		return false
	}
	// A date line: digits and a month name, nothing else.
	month := false
	for _, w := range words {
		w = strings.Trim(w, ".,:")
		if c.month.Has(w) || c.monthAbbr.Has(w) {
			month = true
			continue
		}
		if strings.Trim(w, "0123456789-–") != "" {
			month = false
			break
		}
	}
	if month {
		return true
	}
	// A country or region line.
	return c.known != nil && c.known(strings.TrimRight(l, ":"))
}

// midSentence: the line ends inside a sentence (a word, a comma).
func midSentence(a string) bool {
	r, _ := utf8.DecodeLastRuneInString(a)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == ','
}

// listItem: "- 8 January", "• March 5", "* text", "1. Gunmen", "2) ...".
func listItem(l string) bool {
	for _, p := range []string{"- ", "• ", "* ", "– ", "· "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	i := 0
	for i < len(l) && i < 3 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && l[i+1] == ' '
}

// joinLines joins two lines of a paragraph. A hyphen at the end of a joins
// a word split by the wrapping only when the joined word is a word of the
// text ("counter-" + "terrorism" stays "counter-terrorism" unless the text
// also writes "counterterrorism").
func joinLines(a, b string, vocab map[string]bool) string {
	if strings.HasSuffix(a, "-") && !strings.HasSuffix(a, " -") && !strings.HasSuffix(a, "--") {
		head := lastWordOf(a[:len(a)-1])
		tail := firstWordOf(b)
		if head != "" && tail != "" {
			if vocab[strings.ToLower(head+tail)] {
				return a[:len(a)-1] + b
			}
			return a + b
		}
	}
	return a + " " + b
}

// wordsOf is the lower-cased words of the text, for the hyphen test.
func wordsOf(lines []string) map[string]bool {
	vocab := map[string]bool{}
	for _, l := range lines {
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) }) {
			vocab[strings.ToLower(w)] = true
		}
	}
	return vocab
}

func lastWordOf(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[i+size:]
}

func firstWordOf(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

// standalone reports a boilerplate line of a kind no sentence runs into
// (boilerplate rules named in the class standalone_boilerplate: a
// copyright, a wire slug).
func (c *Cleaner) standalone(line string) bool {
	for _, cue := range c.bp.Lines {
		if c.standaloneRule[cue.Name] && cue.Re.MatchString(line) {
			return true
		}
	}
	return false
}

// startsUpper reports whether s opens with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// ruleLine reports a line drawn with dashes or the like ("-----", "=====").
func ruleLine(l string) bool {
	return len(l) >= 3 && strings.Trim(l, "-=_*+|~ ") == ""
}
