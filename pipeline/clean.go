package pipeline

import (
	"regexp"
	"sort"
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
	bp               rules.Boilerplate
	lang             *rules.Language
	function         map[string]bool // words any sentence of the language holds
	alien            map[string]bool // function words of other languages of its script
	month, monthAbbr *rules.Class    // date lines of chronologies, dates of datelines
	column           *rules.Class    // a chronology table's column names and what they hold
	rowWord          *rules.Class    // the words a table row is written out with
	// known reports a name the gazetteer knows (a country line, a
	// dateline's city); nil: none is known.
	known func(name string) bool
	// area reports a region or country the gazetteer knows ("Norte de
	// Santander" in brackets is no agency); nil: none is known.
	area      func(name string) bool
	heading   *regexp.Regexp
	infoboxKV *regexp.Regexp
	// Restoring the case of a text in capitals (truecase.go): the words
	// the language writes in lower case, the acronyms kept as they are
	// (group aliases, agencies), the titles abbreviated before a name.
	lower, acronym, titleWord map[string]bool
	names                     []casedName // group aliases of two words or more, longest first
	standaloneRule            map[string]bool
}

// casedName is a name as written and in lower case (of the same length).
type casedName struct{ name, low string }

// groupNames are the aliases of several words, longest first, whose lower
// case is as long as they are.
func groupNames(rs *rules.Set) []casedName {
	var out []casedName
	seen := map[string]bool{}
	for _, g := range rs.Groups {
		for _, a := range append([]string{g.Name}, g.Aliases...) {
			low := strings.ToLower(a)
			if !strings.Contains(a, " ") || len(low) != len(a) || seen[low] {
				continue
			}
			seen[low] = true
			out = append(out, casedName{a, low})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].low) != len(out[j].low) {
			return len(out[i].low) > len(out[j].low)
		}
		return out[i].low < out[j].low
	})
	return out
}

// NewCleaner builds a cleaner from the boilerplate rules and the language
// of a rule set; known tells the names of places (see Cleaner.known).
func NewCleaner(rs *rules.Set, known func(name string) bool) (*Cleaner, error) {
	return &Cleaner{
		bp:        rs.Boilerplate,
		lang:      rs.Lang,
		function:  rs.Classes.Word("function_word").Set(),
		alien:     rs.Classes.Word("foreign_function_word").Set(),
		month:     rs.Classes.Word("month"),
		monthAbbr: rs.Classes.Word("month_abbr"),
		column:    rs.Classes.Word("table_column"),
		rowWord:   rs.Classes.Word("table_row_word"),
		known:     known,
		// Wiki markup: "== Heading ==" and infobox lines ("- Date: 1 May").
		heading:   regexp.MustCompile(`^(=+)\s*(.*?)\s*=+$`),
		infoboxKV: regexp.MustCompile(`^-\s*[\pL\pN_ ()/-]{1,40}:`),
		lower:     rs.Lowercase,
		acronym:   acronyms(rs),
		titleWord: rs.Classes.Word("title_abbreviation").Set(),
		names:     groupNames(rs),
		// boilerplate lines no sentence runs into, never joined to the line before
		standaloneRule: rs.Classes.Word("standalone_boilerplate").Set(),
	}, nil
}

// acronyms are the words kept in capitals when a text in capitals gets its
// case back: the acronym class and the group aliases written in capitals
// ("ERP", "FARC", "PKK"), but those of two letters the language also
// writes as a word ("IS": "IT IS").
func acronyms(rs *rules.Set) map[string]bool {
	out := rs.Classes.Word("acronym").Set()
	if out == nil {
		out = map[string]bool{}
	}
	for _, g := range rs.Groups {
		for _, a := range g.Aliases {
			if strings.ToUpper(a) != a {
				continue
			}
			for _, w := range strings.FieldsFunc(a, func(r rune) bool { return !unicode.IsLetter(r) }) {
				if len(w) >= 2 && !(len(w) <= 2 && rs.Lowercase[strings.ToLower(w)]) {
					out[w] = true
				}
			}
		}
	}
	return out
}

// Clean cleans plain text: hard-wrapped lines are joined back into
// paragraphs, wiki markup, boilerplate lines and lines in other languages
// dropped, the dateline of a report set apart; one block per paragraph,
// heading or dateline.
func (c *Cleaner) Clean(raw string) Cleaned {
	// Every offset and every later stage assume valid UTF-8.
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
	}
	text := norm.NFC.String(raw)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	split := strings.Split(text, "\n")
	c.truecaseLines(split)
	lines := c.reflow(split)
	lines = c.records(lines)

	var blocks []block
	seen := map[string]bool{}
	skipSection := false // inside a See also / References / table section
	inInfobox := false
	teasers := 0 // headlines of a teaser list still to drop
	var stamp *Stamp
	top := 0           // lines read so far
	var table []string // the columns of the chronology table being read, nil: none
	for _, line := range lines {
		if line == "" {
			continue // an infobox goes on over blank lines, to its first line of prose
		}
		// A rule line ("-----", "=====") draws a table or a section: no
		// text, and no end of the table it draws.
		if ruleLine(line) {
			continue
		}
		// A chronology's table: its header names the columns, each row is
		// written out as one entry.
		if cells := tableCells(line); cells != nil {
			if cols := c.tableHeader(cells); cols != nil {
				table = cols
				continue
			}
			if table != nil && len(cells) == len(table) {
				if row := c.tableRow(table, cells); row != "" && !seen[row] {
					seen[row] = true
					blocks = append(blocks, block{text: row, kind: BlockParagraph})
				}
				continue
			}
		}
		table = nil
		if top++; top <= stampLines {
			if st, ok := c.stamp(line); ok {
				if stamp == nil {
					stamp = &st
				}
				continue
			}
		}
		// "Recommended Stories", then headlines of other stories: up to
		// eight lines that read as titles, not as prose.
		if c.teaserList(line) {
			teasers = maxTeasers
			continue
		}
		if teasers > 0 {
			if looksLikeHeading(line) {
				teasers--
				continue
			}
			teasers = 0
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
			// A title passes the filters of any line: printed as a line, it
			// must survive cleaning again.
			if title != "" && !skipSection && c.keepsTitle(title) {
				blocks = append(blocks, block{text: title, kind: BlockHeading})
			}
			continue
		}
		if skipSection {
			continue
		}
		line, ok := c.keepLine(line)
		if !ok {
			continue
		}
		// Repeated blocks (a promo printed twice) are noise the second time.
		if seen[line] {
			continue
		}
		seen[line] = true
		kind := BlockParagraph
		if looksLikeHeading(line) {
			kind = BlockHeading
		}
		blocks = append(blocks, block{text: line, kind: kind})
	}
	blocks, dl := c.splitDateline(blocks)
	blocks = c.splitLaterDatelines(blocks)
	out := build(blocks, dl)
	out.Stamp = stamp
	return out
}

// nextOpensAlike reports one of the next paragraphs (the next two)
// opening with a dateline too.
func (c *Cleaner) nextOpensAlike(blocks []block) bool {
	n := 0
	for _, b := range blocks {
		if b.kind != BlockParagraph && b.kind != BlockHeading {
			continue
		}
		if _, _, ok, entry := c.datelineOrEntry(b.text); ok || entry {
			return true
		}
		if n++; n == 2 {
			break
		}
	}
	return false
}

// splitLaterDatelines sets apart the datelines that open later paragraphs
// of a round-up ("... in Peru." / "GUATEMALA CITY (EFE).- Police arrested
// ..."): each places the paragraphs after it, as the first does the story.
func (c *Cleaner) splitLaterDatelines(blocks []block) []block {
	first := -1
	for i, b := range blocks {
		if b.kind == BlockDateline {
			first = i
			break
		}
	}
	if first < 0 {
		return blocks // no report dateline: no round-up of wire reports
	}
	var out []block
	for i, b := range blocks {
		if i <= first+1 || b.kind != BlockParagraph {
			out = append(out, b)
			continue
		}
		prefix, d, ok := c.dateline(b.text)
		// Only a wire's own dateline (an agency, or the city in capitals):
		// a chronology's entries open "Bogotá, 14 January —" too.
		if !ok || d.Agency == "" && !upperCity(prefix) {
			out = append(out, b)
			continue
		}
		d.Text = strings.TrimSpace(prefix)
		dl := d
		out = append(out, block{text: d.Text, kind: BlockDateline, later: &dl})
		if rest := strings.TrimSpace(b.text[len(prefix):]); rest != "" {
			out = append(out, block{text: rest, kind: BlockParagraph})
		}
	}
	return out
}

// stampLines is how many lines from the top a publication stamp may stand
// (after a headline, a byline, a section label).
const stampLines = 6

// stamp reads a publication stamp line; ok with a date to the day.
func (c *Cleaner) stamp(line string) (Stamp, bool) {
	if len(line) > 120 {
		return Stamp{}, false
	}
	for _, r := range c.bp.Stamps {
		loc := r.Re.FindStringSubmatchIndex(line)
		if loc == nil {
			continue
		}
		for i, name := range r.Re.Groups() {
			if name == "date" && 2*i+1 < len(loc) && loc[2*i] >= 0 {
				st := Stamp{Text: line, Rule: r.Name}
				st.Year, st.Month, st.Day = c.datelineDate(line[loc[2*i]:loc[2*i+1]])
				if st.Year > 0 && st.Day > 0 {
					return st, true
				}
			}
		}
	}
	return Stamp{}, false
}

// keepLine is what the filters of a line keep of it: tables, boilerplate,
// other languages and link lists are dropped (false), citation markers and
// list bullets removed.
//
// What it keeps is kept unchanged by another pass: it passes again until
// nothing changes, and a line still changing after maxLinePasses (a nest
// of bullets and markers) is dropped.
func (c *Cleaner) keepLine(line string) (string, bool) {
	orig := line
	for range maxLinePasses {
		next, ok := c.keepLineOnce(line)
		if !ok {
			return "", false
		}
		if next == line {
			// What a bullet or a marker hid must not be markup once
			// printed: "* ==" would clean to "==", then to a heading.
			if line != orig && (c.heading.MatchString(line) || strings.EqualFold(line, "infobox") || c.teaserList(line)) {
				return "", false
			}
			return line, true
		}
		line = next
	}
	return "", false
}

// tableCells splits a table row ("a | b | c", "| a | b |") into its
// trimmed cells; nil when the line is no row (fewer than three cells, or
// longer than maxTableRow).
func tableCells(line string) []string {
	if len(line) > maxTableRow || strings.Count(line, "|") < 2 {
		return nil
	}
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(strings.TrimSuffix(t, "|"), "|")
	parts := strings.Split(t, "|")
	if len(parts) < 3 {
		return nil
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// records writes out the entries of a log kept as labelled fields, one
// "Label: value" line each ("Date: 27 July 1997" / "Locality: Si Zerrouk,
// wilaya of Blida" / "Reported toll: 51 dead" / "Summary: ..."), as one
// line like a table row's: a run of three such lines or more whose labels
// are column names (table_column), one of them a date and one a text or
// place. Other lines come back as they are.
func (c *Cleaner) records(lines []string) []string {
	if c.column == nil || c.rowWord == nil {
		return lines
	}
	var out []string
	for i := 0; i < len(lines); {
		var cols, cells []string
		j := i
		for ; j < len(lines); j++ {
			k, v, ok := strings.Cut(lines[j], ":")
			if !ok || len(k) > 32 || strings.TrimSpace(v) == "" {
				break
			}
			col := c.column.Value(strings.ToLower(strings.TrimSpace(k)))
			if col == "" {
				break
			}
			cols, cells = append(cols, col), append(cells, strings.TrimSpace(v))
		}
		dated, told := false, false
		for _, col := range cols {
			dated = dated || col == "date" || col == "year"
			told = told || col == "text" || col == "place"
		}
		if j-i >= 3 && dated && told {
			if row := c.tableRow(cols, cells); row != "" {
				out = append(out, row, "")
			}
			i = j
			continue
		}
		out = append(out, lines[i])
		i++
	}
	return out
}

// proseCells joins the cells of a " | " line into sentences when one of
// them reads as prose (four words or more and a stop); ok is false for a
// line of menu items or short values.
func proseCells(line string) (string, bool) {
	cells := strings.Split(line, " | ")
	prose := false
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if len(strings.Fields(c)) >= 4 && strings.ContainsAny(c, ".!?") {
			prose = true
		}
		cells[i] = strings.TrimRight(c, ". ")
	}
	if !prose {
		return "", false
	}
	var kept []string
	for _, c := range cells {
		if c != "" {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, ". ") + ".", true
}

// tableHeader reads the columns of a chronology table's header: every
// cell a column name the language knows, one of them a date or a year and
// one more; nil otherwise.
func (c *Cleaner) tableHeader(cells []string) []string {
	if c.column == nil || c.rowWord == nil {
		return nil
	}
	cols := make([]string, len(cells))
	dated, other := false, false
	for i, cell := range cells {
		v := c.column.Value(strings.ToLower(strings.Trim(cell, "*:. ")))
		if v == "" {
			return nil
		}
		cols[i] = v
		if v == "date" || v == "year" {
			dated = true
		} else {
			other = true
		}
	}
	if !dated || !other {
		return nil
	}
	return cols
}

// tableRow writes a row out as an entry of a chronology: "5 April 2009 – A
// suicide bomber struck a Shia mosque, in Chakwal. 22 killed, 50 injured.
// Perpetrator: Tehrik-i-Taliban Pakistan." Empty cells and dashes say
// nothing.
func (c *Cleaner) tableRow(cols, cells []string) string {
	var date, year, place, area, text, killed, injured, perp []string
	for i, v := range cols {
		cell := strings.TrimSpace(cells[i])
		if cell == "" || strings.Trim(cell, "-–—?/") == "" {
			continue
		}
		switch v {
		case "skip":
		case "date":
			date = append(date, cell)
		case "year":
			year = append(year, cell)
		case "place":
			place = append(place, cell)
		case "area":
			area = append(area, cell) // wider than the place: after it
		// A count column's 0 is "none reported", no event's toll: a row
		// telling no attack must not read as one ("0 killed").
		case "killed":
			if cell != "0" {
				killed = append(killed, cell)
			}
		case "injured":
			if cell != "0" {
				injured = append(injured, cell)
			}
		case "perpetrator":
			perp = append(perp, cell)
		default:
			text = append(text, strings.TrimRight(cell, "."))
		}
	}
	for i := len(area) - 1; i >= 0; i-- {
		place = append(place, area[i]) // "Toeni, Sourou, Boucle du Mouhoun"
	}
	when := strings.Join(append(date, year...), " ")
	// A row of a date and counts only ("| 2017 | 5 | 18 |") is a tally
	// of the year, no event told.
	if when == "" || len(text) == 0 && len(place) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(when)
	b.WriteString(" – ")
	word := func(v string) string { return c.rowWord.Value(v) }
	b.WriteString(strings.Join(text, ". "))
	if len(place) > 0 {
		if len(text) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(word("place") + " " + strings.Join(place, ", "))
	}
	b.WriteString(".")
	var toll []string
	if len(killed) > 0 {
		toll = append(toll, strings.Join(killed, " ")+" "+word("killed"))
	}
	if len(injured) > 0 {
		toll = append(toll, strings.Join(injured, " ")+" "+word("injured"))
	}
	if len(toll) > 0 {
		b.WriteString(" " + strings.Join(toll, ", ") + ".")
	}
	if len(perp) > 0 {
		b.WriteString(" " + word("perpetrator") + " " + strings.Join(perp, ", ") + ".")
	}
	return b.String()
}

// maxTableRow is the longest line taken for a table row by its " | "
// cells: a 16 MB line with two of them is text, not a row.
const maxTableRow = 4096

// maxLinePasses bounds the passes of keepLine.
const maxLinePasses = 8

func (c *Cleaner) keepLineOnce(line string) (string, bool) {
	// Wiki tables, casualty tables and table rows of pages ("cell | cell |
	// cell") are not prose.
	if strings.HasPrefix(line, "|") || strings.HasPrefix(line, "{|") {
		return "", false
	}
	if len(line) <= maxTableRow && strings.Count(line, " | ") >= 2 {
		// Cells of prose set side by side ("Casualties: 1 killed. | FLQ.
		// | First fatality.") are sentences; a menu's cells are not.
		prose, ok := proseCells(line)
		if !ok {
			return "", false
		}
		line = prose
	}
	if strings.IndexByte(line, '[') >= 0 {
		line = strings.TrimSpace(c.dropCitations(line))
	}
	if line == "" || c.boilerplate(line) || c.foreign(line) {
		return "", false
	}
	// A list item of links ("- List of clashes in 2015"): short, no verb
	// punctuation. Keep list items that read as sentences.
	if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "• ") || strings.HasPrefix(line, "* ") {
		item := strings.TrimSpace(line[strings.Index(line, " ")+1:])
		// A date item of a chronology ("- 8 January") heads its entry.
		if !strings.ContainsAny(item, ".!?") && !c.structure(item) {
			return "", false
		}
		line = item
	}
	return line, true
}

// keepsTitle reports whether the title of a wiki heading ("== 2015 ==")
// is kept: printed as a line of the cleaned text, it must come out the
// same when the text is cleaned again, so it passes the filters of any
// line unchanged and is no markup itself.
func (c *Cleaner) keepsTitle(title string) bool {
	if t, ok := c.keepLine(title); !ok || t != title {
		return false
	}
	return !c.heading.MatchString(title) && !c.teaserList(title) && !strings.EqualFold(title, "infobox")
}

// block is a block of the cleaned text before offsets are known.
type block struct {
	text  string
	kind  string
	later *Dateline // a later paragraph's dateline (a round-up), nil for the report's
}

// splitDateline sets the dateline of a report, if one of its first
// paragraphs opens with one, apart as a block of its own.
func (c *Cleaner) splitDateline(blocks []block) ([]block, *Dateline) {
	seen := 0
	chronology := false // an entry opening like a dateline was seen
	for i, b := range blocks {
		// A lead too short to end with a period reads as a heading: it may
		// open with the dateline too.
		if b.kind != BlockParagraph && b.kind != BlockHeading {
			continue
		}
		if seen++; seen > datelineLines+2 {
			break
		}
		prefix, d, ok := c.dateline(b.text)
		if !ok {
			continue
		}
		// "Bogotá, 14 January — ..." then "Medellín, 3 February — ...": a
		// chronology's entries, each opening like a dateline with no agency.
		if d.Agency == "" && (chronology || c.nextOpensAlike(blocks[i+1:])) {
			chronology = true
			continue
		}
		d.Text = strings.TrimSpace(prefix)
		rest := strings.TrimSpace(b.text[len(prefix):])
		out := append(append([]block{}, blocks[:i]...), block{text: d.Text, kind: BlockDateline})
		if rest != "" {
			out = append(out, block{text: rest, kind: BlockParagraph})
		}
		return append(out, blocks[i+1:]...), &d
	}
	return blocks, nil
}

// upperCity reports a dateline whose city is written in capitals
// ("GUATEMALA CITY, Oct 17 -").
func upperCity(prefix string) bool {
	city, _, _ := strings.Cut(prefix, ",")
	letters := 0
	for _, r := range city {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			letters++
		}
	}
	return letters >= 3
}

// build lays the blocks out as the cleaned text, a blank line between two.
func build(blocks []block, dl *Dateline) Cleaned {
	var b strings.Builder
	out := Cleaned{}
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		b.WriteString(bl.text)
		out.Blocks = append(out.Blocks, Block{Start: start, End: b.Len(), Kind: bl.kind, Heading: bl.kind == BlockHeading})
		switch {
		case bl.kind == BlockDateline && bl.later != nil:
			bl.later.Start, bl.later.End = start, b.Len()
			out.Later = append(out.Later, *bl.later)
		case bl.kind == BlockDateline && dl != nil:
			dl.Start, dl.End = start, b.Len()
			out.Dateline = dl
		}
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

// maxCitationPasses bounds the passes of dropCitations over one line.
const maxCitationPasses = 16

// dropCitations removes citation markers ("[12]", "[citation needed]"),
// again and again while one goes: removing the inner markers of
// "[1[2]]" leaves a marker "[1]", which cleaning the text again would
// remove. A line still holding markers after maxCitationPasses is a
// nest of brackets, not prose, and is dropped ("").
func (c *Cleaner) dropCitations(line string) string {
	for range maxCitationPasses {
		next := c.dropCitationsOnce(line)
		if next == line {
			return line
		}
		line = next
	}
	return ""
}

func (c *Cleaner) dropCitationsOnce(line string) string {
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

// maxTeasers bounds the headlines a teaser list drops.
const maxTeasers = 8

func (c *Cleaner) teaserList(line string) bool {
	if len(line) > 300 {
		return false
	}
	for _, cue := range c.bp.Teasers {
		if cue.Re.MatchString(line) {
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

// foreign reports a notice in another language: mostly letters of other
// scripts than the language's, or a line of six words or more with no
// function word of the language and two of other languages written in the
// same script ("Baca juga", "de la", "und die"). Telegraphic English ("Lima,
// 20 Aug 88 (EFE) -- Shining Path guerrillas dynamited two towers") has
// neither.
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
	words := strings.Fields(line)
	if len(words) < 6 || len(c.function) == 0 {
		return false
	}
	alien := 0
	for _, w := range words {
		w = strings.ToLower(strings.Trim(w, ".,;:!?\"'()“”«»"))
		if c.function[w] {
			return false
		}
		if c.alien[w] {
			alien++
		}
	}
	return alien >= 2
}
