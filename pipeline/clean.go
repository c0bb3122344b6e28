package pipeline

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"incidentkit/rules"
)

// Cleaner turns plain text (or the main text of a page) into Cleaned: Unicode
// NFC, collapsed whitespace, wiki markup and boilerplate removed, one block
// per paragraph or heading. Its patterns come from rules/boilerplate.yaml.
type Cleaner struct {
	bp        rules.Boilerplate
	heading   *regexp.Regexp
	citation  *regexp.Regexp
	infoboxKV *regexp.Regexp
}

// NewCleaner builds a cleaner from the boilerplate rules.
func NewCleaner(bp rules.Boilerplate) *Cleaner {
	return &Cleaner{
		bp:        bp,
		heading:   regexp.MustCompile(`^(=+)\s*(.*?)\s*=+$`),
		citation:  regexp.MustCompile(`\s?\[(?:\d+|[a-z]|citation needed|note \d+|nb \d+|n \d+|clarification needed|when\?|who\?|according to whom\?)\]`),
		infoboxKV: regexp.MustCompile(`^-\s*[\w ()/-]{1,40}:`),
	}
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
			line = c.citation.ReplaceAllString(line, "")
		}
		line = strings.TrimSpace(line)
		if line == "" || c.boilerplate(line) || foreign(line) {
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

// englishFunctionWords are frequent enough that any English sentence of six
// words or more contains one.
var englishFunctionWords = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "and": true, "to": true, "is": true,
	"was": true, "on": true, "for": true, "by": true, "with": true, "at": true, "from": true,
	"that": true, "were": true, "has": true, "have": true, "it": true, "he": true, "she": true,
	"they": true, "are": true, "as": true, "his": true, "their": true, "its": true, "this": true,
	"be": true, "not": true, "or": true, "after": true, "who": true, "but": true,
}

// foreign reports a notice in another language: mostly non-Latin letters, or
// six words or more without a single English function word.
func foreign(line string) bool {
	latin, other := 0, 0
	for _, r := range line {
		if unicode.IsLetter(r) {
			if r < utf8.RuneSelf || unicode.Is(unicode.Latin, r) {
				latin++
			} else {
				other++
			}
		}
	}
	if other > latin {
		return true
	}
	words := strings.Fields(line)
	if len(words) < 6 {
		return false
	}
	for _, w := range words {
		if englishFunctionWords[strings.ToLower(strings.Trim(w, ".,;:!?\"'()“”"))] {
			return false
		}
	}
	return true
}
