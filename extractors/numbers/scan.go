package numbers

import (
	"unicode"
	"unicode/utf8"
)

// tokKind says what a token starts with; the rules decide the rest.
type tokKind uint8

const (
	tokWord  tokKind = iota // starts with a letter: "one", "twenty-two", "IS-linked", "AK-74"
	tokNum                  // starts with a digit: "17", "2,400", "85.35", "22-year-old", "08:45"
	tokPunct                // any other single rune: "+", "%", "$", ",", "."
)

// token is a byte range of the text. Tokens hold offsets only, so scanning a
// sentence allocates nothing beyond the reused slice.
type token struct {
	s, e      int
	kind      tokKind
	spaceBefr bool // whitespace (or start of text) precedes the token
}

// asciiClass is classify for one ASCII byte; small enough to be inlined in
// the tokenizer loop, which is where the time goes on long texts.
func asciiClass(c byte) int {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return 1
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return 0
	}
	return 2
}

// classify returns the class of the rune at text[i] and its width:
// 0 space, 1 letter or digit, 2 anything else.
func classify(text string, i int) (class int, size int) {
	if c := text[i]; c < utf8.RuneSelf {
		return asciiClass(c), 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	switch {
	case unicode.IsSpace(r):
		return 0, size
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return 1, size
	}
	return 2, size
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// tokenize appends the tokens of text to dst. A word or number token is a run
// of letters and digits that may keep joiners inside it: hyphens, apostrophes
// and slashes between letters or digits ("twenty-two", "AK-74", "24/7"), and
// commas, dots and colons between digits ("2,400", "85.35", "08:45"), so the
// rules see model names, decimals and clock times as single tokens and can
// reject them whole.
func tokenize(text string, dst []token) []token {
	n := len(text)
	space := true
	for i := 0; i < n; {
		class, size := 0, 1
		if c := text[i]; c < utf8.RuneSelf {
			class = asciiClass(c)
		} else {
			class, size = classify(text, i)
		}
		if class == 0 {
			i += size
			space = true
			continue
		}
		if class == 2 {
			dst = append(dst, token{s: i, e: i + size, kind: tokPunct, spaceBefr: space})
			i += size
			space = false
			continue
		}
		start := i
		kind := tokWord
		if isDigit(text[i]) {
			kind = tokNum
		}
		i += size
		for i < n {
			if c := text[i]; c < utf8.RuneSelf && asciiClass(c) == 1 {
				i++
				continue
			}
			cl, sz := classify(text, i)
			if cl == 1 {
				i += sz
				continue
			}
			if cl != 2 || i+sz >= n {
				break
			}
			nc, _ := classify(text, i+sz)
			if nc != 1 {
				break
			}
			c := text[i]
			joined := false
			switch c {
			case '-', '\'', '/':
				joined = true
			case ',', '.', ':':
				joined = isDigit(text[i-1]) && isDigit(text[i+1])
			default:
				// The typographic apostrophe (U+2019) joins like "'", and
				// the en dash (U+2013) like "-" ("IS–K").
				joined = sz == 3 && text[i] == 0xE2 && text[i+1] == 0x80 && (text[i+2] == 0x99 || text[i+2] == 0x93)
			}
			if !joined {
				break
			}
			i += sz
		}
		dst = append(dst, token{s: start, e: i, kind: kind, spaceBefr: space})
		space = false
	}
	return dst
}
