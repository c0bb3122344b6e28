package pipeline

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Dateline is the opening of a wire or newspaper report ("KABUL,
// Afghanistan (Reuters) -", "Lima, 20 Aug 88 (EFE) --"): where and, when it
// says, on which day the report was filed. It is a block of its own in the
// cleaned text, never evidence; its date stands in for a missing
// publication date and its place is context for the places of the story.
type Dateline struct {
	Start, End            int // offsets of its block in Cleaned.Text
	Text                  string
	City, Country, Agency string
	Year, Month, Day      int // 0 when the dateline does not say
	Rule                  string
}

// datelineLines is how many paragraphs from the top a dateline may open
// (after a headline, a timestamp or two).
const datelineLines = 3

// dateline matches the dateline rules at the start of line: the matched
// prefix and what it says. The city must be known to the gazetteer, and a
// country named with it too.
func (c *Cleaner) dateline(line string) (string, Dateline, bool) {
	prefix, d, ok, _ := c.datelineOrEntry(line)
	return prefix, d, ok
}

// datelineOrEntry is dateline, and reports too a line that opens like one
// but names a region in brackets where an agency stands ("Ocaña (Norte de
// Santander), 26 January —"): a chronology's entry.
func (c *Cleaner) datelineOrEntry(line string) (string, Dateline, bool, bool) {
	entry := false
	for _, r := range c.bp.Datelines {
		loc := r.Re.FindStringSubmatchIndex(line)
		if loc == nil || loc[0] != 0 {
			continue
		}
		d := Dateline{Rule: r.Name}
		end := loc[1]
		for i, name := range r.Re.Groups() {
			if 2*i+1 >= len(loc) || loc[2*i] < 0 || name == "" {
				continue
			}
			v := strings.TrimSpace(line[loc[2*i]:loc[2*i+1]])
			switch name {
			case "city":
				d.City = v
			case "country":
				d.Country = v
			case "date":
				d.Year, d.Month, d.Day = c.datelineDate(v)
			case "agency":
				d.Agency = v
				if d.Month == 0 {
					// "(UrduPoint News / Sputnik - 25th November, 2020)"
					d.Year, d.Month, d.Day = c.datelineDate(v)
				}
			case "next":
				end = loc[2*i] // a word of the story, matched to see it starts anew
			}
		}
		if !c.knownDatelinePlace(d) {
			continue
		}
		// "Ocaña (Norte de Santander), 26 January —": a region in brackets
		// is no agency; the line opens a chronology's entry.
		if d.Agency != "" && c.area != nil && c.area(d.Agency) {
			entry = true
			continue
		}
		return line[:end], d, true, false
	}
	return "", Dateline{}, false, entry
}

// knownDatelinePlace: the gazetteer knows the city (and the country or
// region named with it): "The Islamic State (IS) named ..." opens no report.
func (c *Cleaner) knownDatelinePlace(d Dateline) bool {
	if c.known == nil || !c.known(titleCase(d.City)) {
		return false
	}
	// "March: Blasts in a train station ..." opens a chronology's entry:
	// a month is no dateline's city (March, Cambridgeshire aside).
	if c.monthOf(d.City) > 0 {
		return false
	}
	return d.Country == "" || c.known(titleCase(d.Country))
}

// datelineDate reads "20 Aug 88", "June 14", "Sept. 3", "12 December",
// "25th November, 2020": two-digit years 00-29 are 20xx, 30-99 19xx. No
// month, no date.
func (c *Cleaner) datelineDate(s string) (y, m, d int) {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' || r == '/' }) {
		if n := c.monthOf(f); n > 0 && m == 0 {
			m = n
			continue
		}
		digits := strings.TrimRight(f, "stndrh")
		if !isDigits(digits) || len(digits) != len(f) && len(f)-len(digits) != 2 {
			continue
		}
		n, _ := strconv.Atoi(digits)
		switch {
		case len(digits) == 4:
			y = n
		case len(digits) <= 2 && d == 0 && n >= 1 && n <= 31:
			d = n
		case len(digits) == 2 && m > 0 && y == 0:
			y = 1900 + n // "20 Aug 88"
			if n < 30 {
				y = 2000 + n
			}
		}
	}
	if m == 0 {
		return 0, 0, 0
	}
	if y != 0 && (y < 1000 || y > 2100) {
		y = 0
	}
	return y, m, d
}

func (c *Cleaner) monthOf(w string) int {
	if n, ok := c.month.Int(titleCase(w)); ok {
		return n
	}
	n, _ := c.monthAbbr.Int(titleCase(w))
	return n
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// titleCase writes each word of an upper-case name in title case
// ("NEW DELHI" -> "New Delhi"); other names stay as written.
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r, size := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[size:]
	}
	return strings.Join(words, " ")
}
