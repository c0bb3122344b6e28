// Package textenc turns the bytes of a text file or a web page into UTF-8
// and names the encoding it assumed. Archives and old mirrors hold
// Windows-1252, Latin-1, UTF-16 and Cyrillic 8-bit files; the pipeline
// works on UTF-8 only, and its evidence offsets are byte offsets into that
// UTF-8, so decoding happens once, as a file is read.
//
// Detection, in order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE); UTF-16
// without one, when the NULs of mostly-ASCII text make it clear-cut; NUL
// bytes otherwise mean a binary file; valid UTF-8 is kept as is; a page's
// declared charset (golang.org/x/net/html/charset reads the meta tag); UTF-8
// with a few broken bytes stays UTF-8; other 8-bit text is Cyrillic when
// github.com/gogs/chardet is confident of it and Windows-1252 otherwise.
// Whatever the path, the text returned is valid UTF-8: what cannot be
// decoded becomes U+FFFD.
package textenc

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	xunicode "golang.org/x/text/encoding/unicode"
)

// Canonical names of the encodings detection can report.
const (
	UTF8        = "utf-8"
	UTF16LE     = "utf-16le"
	UTF16BE     = "utf-16be"
	Windows1252 = "windows-1252"
)

// examples are a few of the names Lookup accepts, for messages.
const examples = "utf-8, windows-1252, iso-8859-1, iso-8859-2, windows-1251, koi8-r, utf-16le, utf-16be, shift_jis"

// Encoding is one encoding to force on every input; the zero Encoding
// detects each input's own.
type Encoding struct {
	name string
	enc  encoding.Encoding
}

// Lookup finds an encoding by any WHATWG label, case-insensitively
// ("latin1", "ISO-8859-1", "cp1252" are all windows-1252, as in browsers:
// files labelled Latin-1 are Windows-1252 in practice). An unknown name's
// error lists a few valid ones.
func Lookup(label string) (Encoding, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	enc, err := htmlindex.Get(l)
	if err == nil {
		name, nerr := htmlindex.Name(enc)
		// "replacement" decodes every input to one U+FFFD: no one means it.
		if nerr == nil && name != "replacement" {
			return Encoding{name: name, enc: enc}, nil
		}
	}
	return Encoding{}, fmt.Errorf("unknown encoding %q (valid names include %s; any WHATWG label works)", label, examples)
}

// Name is the canonical name ("windows-1252"), "" for the zero Encoding.
func (e Encoding) Name() string { return e.name }

// Text is what Decode makes of an input.
type Text struct {
	UTF8     []byte // the text, valid UTF-8, without a byte order mark
	Encoding string // the encoding assumed: UTF8, Windows1252, "windows-1251", ...
	Why      string // how it was chosen: "byte order mark", "not UTF-8", "declared by the page", ...
	Replaced int    // bytes that could not be decoded and became U+FFFD
	Forced   bool   // the caller chose the encoding
}

// Note is the one line to tell the user about an input that was not read
// as the plain UTF-8 it is assumed to be, or "" when there is nothing to
// tell: UTF-8 (with or without its BOM) read cleanly, or a forced encoding.
func (t Text) Note() string {
	if t.Forced || (t.Encoding == UTF8 && t.Replaced == 0) {
		return ""
	}
	s := "decoded as " + t.Encoding
	if t.Why != "" {
		s += " (" + t.Why + ")"
	}
	if t.Replaced > 0 {
		s += fmt.Sprintf(", %d undecodable %s replaced by U+FFFD", t.Replaced, plural(t.Replaced, "byte"))
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

var (
	// ErrBinary is returned for input that is no text in any encoding.
	ErrBinary = errors.New("binary file")
	// ErrInvalidUTF8 is returned when UTF-8 is forced on bytes that are not.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
)

// headSize is how much of an input the NUL and control-character checks
// read: a binary format shows itself in its first few kilobytes.
const headSize = 8192

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// Decode returns raw as UTF-8. html says raw is a web page, whose meta
// charset is read when its bytes are not UTF-8. With a force other than
// the zero Encoding, raw is decoded with that encoding alone (a BOM of that encoding
// is dropped); forced UTF-8 refuses invalid bytes instead of replacing them.
func Decode(raw []byte, html bool, force Encoding) (Text, error) {
	if force.enc != nil {
		return decodeForced(raw, force)
	}
	switch {
	case bytes.HasPrefix(raw, bomUTF8):
		t := repairUTF8(raw[len(bomUTF8):])
		t.Why = "byte order mark"
		return t, nil
	case bytes.HasPrefix(raw, bomUTF16LE):
		return decodeWith(raw[len(bomUTF16LE):], UTF16LE, "byte order mark", utf16(xunicode.LittleEndian))
	case bytes.HasPrefix(raw, bomUTF16BE):
		return decodeWith(raw[len(bomUTF16BE):], UTF16BE, "byte order mark", utf16(xunicode.BigEndian))
	}
	head := raw[:min(len(raw), headSize)]
	if name := utf16Pattern(head); name != "" {
		order := xunicode.LittleEndian
		if name == UTF16BE {
			order = xunicode.BigEndian
		}
		return decodeWith(raw, name, "no byte order mark, but the NULs of UTF-16", utf16(order))
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return Text{}, fmt.Errorf("%w (NUL bytes)", ErrBinary)
	}
	if utf8.Valid(raw) {
		return Text{UTF8: raw, Encoding: UTF8}, nil
	}
	if html {
		// DetermineEncoding reads the BOM (handled above) and the meta charset;
		// without one it guesses UTF-8 from the first 1024 bytes or falls back
		// to windows-1252, which are the guesses the text path below makes
		// better, so only another declared charset is taken from it.
		enc, name, _ := charset.DetermineEncoding(raw, "text/html")
		if name != UTF8 && name != Windows1252 && enc != nil {
			return decodeWith(raw, name, "declared by the page", enc)
		}
	}
	if mostlyUTF8(raw) {
		return repairUTF8(raw), nil
	}
	if name, enc := cyrillic(raw); enc != nil {
		return decodeWith(raw, name, "not UTF-8; Cyrillic by its letter statistics", enc)
	}
	return decodeWith(raw, Windows1252, "not UTF-8", charmap.Windows1252)
}

func utf16(order xunicode.Endianness) encoding.Encoding {
	return xunicode.UTF16(order, xunicode.IgnoreBOM)
}

func decodeForced(raw []byte, force Encoding) (Text, error) {
	var t Text
	var err error
	switch force.name {
	case UTF8:
		raw = bytes.TrimPrefix(raw, bomUTF8)
		if bytes.IndexByte(raw[:min(len(raw), headSize)], 0) >= 0 {
			return Text{}, fmt.Errorf("%w (NUL bytes)", ErrBinary)
		}
		if !utf8.Valid(raw) {
			return Text{}, fmt.Errorf("%w at byte %d (UTF-8 was forced)", ErrInvalidUTF8, firstInvalid(raw))
		}
		t = Text{UTF8: raw, Encoding: UTF8}
	case UTF16LE:
		t, err = decodeWith(bytes.TrimPrefix(raw, bomUTF16LE), UTF16LE, "", force.enc)
	case UTF16BE:
		t, err = decodeWith(bytes.TrimPrefix(raw, bomUTF16BE), UTF16BE, "", force.enc)
	default:
		if bytes.IndexByte(raw[:min(len(raw), headSize)], 0) >= 0 {
			return Text{}, fmt.Errorf("%w (NUL bytes)", ErrBinary)
		}
		t, err = decodeWith(raw, force.name, "", force.enc)
	}
	t.Forced, t.Why = true, "forced"
	return t, err
}

// decodeWith decodes raw with enc, and refuses the result when it is not
// text: a binary file read as UTF-16 or as 8-bit text is still binary.
func decodeWith(raw []byte, name, why string, enc encoding.Encoding) (Text, error) {
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return Text{}, fmt.Errorf("decode as %s: %w", name, err)
	}
	// x/text's decoders write U+FFFD for what they cannot decode; count
	// those the input did not hold itself.
	replaced := bytes.Count(out, []byte("\uFFFD")) - bytes.Count(raw, []byte("\uFFFD"))
	if !utf8.Valid(out) { // no decoder should leave any, but nothing invalid may pass
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	if reason := notText(out); reason != "" {
		return Text{}, fmt.Errorf("%w (%s, read as %s)", ErrBinary, reason, name)
	}
	return Text{UTF8: out, Encoding: name, Why: why, Replaced: max(replaced, 0)}, nil
}

// notText says why decoded text is no text: a NUL, or more than 2% control
// characters in its head, which prose in any language never has.
func notText(text []byte) string {
	head := text[:min(len(text), headSize)]
	controls, n := 0, 0
	for _, r := range string(head) {
		n++
		switch {
		case r == 0:
			return "NUL characters"
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f', r == 0x7f:
			controls++
		}
	}
	if controls*50 > n {
		return "control characters"
	}
	return ""
}

// utf16Pattern recognises UTF-16 without a BOM by the NULs of mostly-ASCII
// text: in UTF-16LE every ASCII character has a NUL after it, in UTF-16BE
// before it. Only a clear-cut pattern counts (at least 16 characters, 90%
// of the high bytes NUL and almost no low byte): binary files have NULs
// too, but not in such a rhythm.
func utf16Pattern(head []byte) string {
	pairs := len(head) / 2
	if pairs < 16 {
		return ""
	}
	var even, odd int // NULs at even and odd offsets
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	clear := func(high, low int) bool { return high*10 >= pairs*9 && low*100 <= pairs }
	switch {
	case clear(odd, even):
		return UTF16LE
	case clear(even, odd):
		return UTF16BE
	}
	return ""
}

// mostlyUTF8 reports whether invalid UTF-8 is UTF-8 with a few broken bytes
// (a file cut in the middle of a character, a stray byte from a bad copy)
// rather than an 8-bit encoding: it holds at least as many valid multi-byte
// characters as invalid bytes, or its only invalid bytes are a character
// cut short at the end. 8-bit text almost never holds a valid multi-byte
// sequence: it would take a capital like "Ã" followed by a symbol like "©".
func mostlyUTF8(raw []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			bad++
		case n > 1:
			multi++
		}
		i += max(n, 1)
	}
	if multi > 0 && bad <= multi {
		return true
	}
	// A cut character: a lead byte in the last three bytes and valid UTF-8
	// before it.
	for k := 1; k <= 3 && k <= len(raw); k++ {
		switch b := raw[len(raw)-k]; {
		case b < 0x80:
			return false
		case b >= 0xC0:
			return utf8.Valid(raw[:len(raw)-k]) && !utf8.FullRune(raw[len(raw)-k:])
		}
	}
	return false
}

// repairUTF8 keeps raw as UTF-8, one U+FFFD for each invalid byte.
func repairUTF8(raw []byte) Text {
	if utf8.Valid(raw) {
		return Text{UTF8: raw, Encoding: UTF8}
	}
	out := make([]byte, 0, len(raw)+16)
	replaced := 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 {
			out = utf8.AppendRune(out, utf8.RuneError)
			replaced++
			i++
			continue
		}
		out = append(out, raw[i:i+n]...)
		i += n
	}
	return Text{UTF8: out, Encoding: UTF8, Replaced: replaced}
}

func firstInvalid(raw []byte) int {
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(raw)
}

// cyrillicCharsets are the 8-bit encodings taken from chardet: the ones it
// tells apart well (measured on Russian prose, see the tests) and that
// Windows-1252 would turn into nonsense. Its other answers for 8-bit text
// (ISO-8859-1, -2, -9 on Western text) change nothing or are wrong, so
// Windows-1252 stands.
var cyrillicCharsets = map[string]encoding.Encoding{
	"windows-1251": charmap.Windows1251,
	"KOI8-R":       charmap.KOI8R,
	"ISO-8859-5":   charmap.ISO8859_5,
}

// minConfidence is the chardet confidence (0-100) below which its Cyrillic
// answer is not taken: a Russian sentence of 40 characters scores 39, a
// single word about 10 (and is mistaken for CJK).
const minConfidence = 30

// detectSize is how much of an input chardet reads.
const detectSize = 64 << 10

// cyrillic returns the Cyrillic 8-bit encoding of raw when chardet names
// one confidently and the decoded words look Russian, not Western letters
// turned into Cyrillic ones: few words mix Latin and Cyrillic letters.
func cyrillic(raw []byte) (string, encoding.Encoding) {
	// The head tells as well as the whole, and chardet's cost grows with
	// its input.
	raw = raw[:min(len(raw), detectSize)]
	best, err := chardet.NewTextDetector().DetectBest(raw)
	if err != nil || best.Confidence < minConfidence {
		return "", nil
	}
	enc := cyrillicCharsets[best.Charset]
	if enc == nil {
		return "", nil
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil || mixedScripts(string(out)) {
		return "", nil
	}
	name, _ := htmlindex.Name(enc)
	return name, enc
}

// mixedScripts reports whether more than one in ten words holding Cyrillic
// letters also holds Latin ones: "cafй" is "café" decoded wrongly.
func mixedScripts(s string) bool {
	cyr, mixed := 0, 0
	for _, w := range strings.Fields(s) {
		var c, l bool
		for _, r := range w {
			c = c || unicode.Is(unicode.Cyrillic, r)
			l = l || unicode.Is(unicode.Latin, r)
		}
		if c {
			cyr++
			if l {
				mixed++
			}
		}
	}
	return cyr == 0 || mixed*10 > cyr
}
