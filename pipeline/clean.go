package pipeline

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"incidentkit/rules"
)

// Cleaner turns plain text (or the main text of a page) into Cleaned: Unicode
// NFC, collapsed whitespace, wiki markup and boilerplate removed, one block
// per paragraph or heading. Its patterns come from rules/boilerplate.yaml.
type Cleaner struct {
	bp        rules.Boilerplate
	lang      *rules.Language
	function  map[string]bool // words any sentence of the language holds
	heading   *regexp.Regexp
	infoboxKV *regexp.Regexp
}

// NewCleaner builds a cleaner from the boilerplate rules and the language
// of a rule set.
func NewCleaner(rs *rules.Set) (*Cleaner, error) {
	return &Cleaner{
		bp:       rs.Boilerplate,
		lang:     rs.Lang,
		function: rs.Classes.Word("function_word").Set(),
		// Wiki markup: "== Heading ==" and infobox lines ("- Date: 1 May").
		heading:   regexp.MustCompile(`^(=+)\s*(.*?)\s*=+$`),
		infoboxKV: regexp.MustCompile(`^-\s*[\pL\pN_ ()/-]{1,40}:`),
	}, nil
}

// Clean cleans plain text.
func (c *Cleaner) Clean(raw string) Cleaned {
	text := norm.NFC.String(raw)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")

	type block struct {
		text    string
		heading bool
	}
	var blocks []block
	seen := map[string]bool{}
	skipSection := false // inside a See also / References / table section
	inInfobox := false
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(collapseSpace(lines[i]))
		if line == "" {
			inInfobox = false
			continue
		}
		if line == "Infobox" || strings.EqualFold(line, "infobox") {
			inInfobox = true
			continue
		}
		if inInfobox && c.infoboxKV.MatchString(line) {
			continue
		}
		inInfobox = false

		if m := c.heading.FindStringSubmatch(line); m != nil {
			title := strings.TrimSpace(m[2])
			skipSection = c.endSection(title)
			if title != "" && !skipSection {
				blocks = append(blocks, block{text: title, heading: true})
			}
			continue
		}
		if skipSection {
			continue
		}
		// Wiki tables, casualty tables and table rows of pages ("cell | cell |
		// cell") are not prose.
		if strings.HasPrefix(line, "|") || strings.HasPrefix(line, "{|") || strings.Count(line, " | ") >= 2 {
			continue
		}
		if strings.IndexByte(line, '[') >= 0 {
			line = c.dropCitations(line)
		}
		line = strings.TrimSpace(line)
		if line == "" || c.boilerplate(line) || c.foreign(line) {
			continue
		}
		// A list item of links ("- List of clashes in 2015"): short, no verb
		// punctuation. Keep list items that read as sentences.
		if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "• ") || strings.HasPrefix(line, "* ") {
			item := strings.TrimSpace(line[strings.Index(line, " ")+1:])
			if !strings.ContainsAny(item, ".!?") {
				continue
			}
			line = item
		}
		// Repeated blocks (a promo printed twice) are noise the second time.
		if seen[line] {
			continue
		}
		seen[line] = true
		blocks = append(blocks, block{text: line, heading: looksLikeHeading(line)})
	}

	var b strings.Builder
	out := Cleaned{}
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		b.WriteString(bl.text)
		out.Blocks = append(out.Blocks, Block{Start: start, End: b.Len(), Heading: bl.heading})
	}
	out.Text = b.String()
	return out
}

// collapseSpace turns every run of spaces, tabs and Unicode spaces into one
// ASCII space (a loop: a regexp here was a tenth of the cleaning time).
func collapseSpace(s string) string {
	var b strings.Builder
	prev := false
	changed := false
	for i, r := range s {
		sp := r == ' ' || r == '\t' || r == '\u00a0' || (r >= '\u2000' && r <= '\u200b') || r == '\u202f' || r == '\u205f' || r == '\u3000'
		if sp && (prev || r != ' ') && !changed {
			b.Grow(len(s))
			b.WriteString(s[:i])
			changed = true
		}
		if changed {
			if sp {
				if !prev {
					b.WriteByte(' ')
				}
			} else {
				b.WriteRune(r)
			}
		}
		prev = sp
	}
	if !changed {
		return s
	}
	return b.String()
}

func (c *Cleaner) endSection(title string) bool {
	for _, cue := range c.bp.Sections {
		if loc := cue.Re.FindStringIndex(title); loc != nil && loc[0] == 0 && loc[1] == len(title) {
			return true
		}
	}
	return false
}

// dropCitations removes citation markers ("[12]", "[citation needed]").
func (c *Cleaner) dropCitations(line string) string {
	for _, r := range c.bp.Citations {
		locs := r.Re.FindAllStringIndex(line, -1)
		if len(locs) == 0 {
			continue
		}
		var b strings.Builder
		prev := 0
		for _, loc := range locs {
			start := loc[0]
			if start > prev && line[start-1] == ' ' {
				start-- // "the attack [5]." reads "the attack."
			}
			b.WriteString(line[prev:start])
			prev = loc[1]
		}
		b.WriteString(line[prev:])
		line = b.String()
	}
	return line
}

func (c *Cleaner) boilerplate(line string) bool {
	// Boilerplate lines are short (a prompt, a ticker, a credit); a paragraph
	// of article prose is not worth the anchored patterns.
	if len(line) > 600 {
		return false
	}
	for _, cue := range c.bp.Lines {
		if cue.Re.MatchString(line) {
			return true
		}
	}
	return false
}

// looksLikeHeading tells a title line ("Emergence of the ISKP in Russia") from
// a paragraph: short, no sentence-final punctuation.
func looksLikeHeading(line string) bool {
	if strings.HasSuffix(line, ".") || strings.HasSuffix(line, "!") || strings.HasSuffix(line, "?") ||
		strings.HasSuffix(line, "\"") || strings.HasSuffix(line, "”") || strings.HasSuffix(line, ":") {
		return false
	}
	return len(strings.Fields(line)) <= 14
}

// foreign reports a notice in another language: mostly letters of other
// scripts than the language's, or six words or more without a single
// function word of the language.
func (c *Cleaner) foreign(line string) bool {
	mine, other := 0, 0
	for _, r := range line {
		if unicode.IsLetter(r) {
			if c.lang.InScript(r) {
				mine++
			} else {
				other++
			}
		}
	}
	if other > mine {
		return true
	}
	if len(c.function) == 0 {
		return false
	}
	words := strings.Fields(line)
	if len(words) < 6 {
		return false
	}
	for _, w := range words {
		if c.function[strings.ToLower(strings.Trim(w, ".,;:!?\"'()“”«»"))] {
			return false
		}
	}
	return true
}
