package textenc

import (
	"bytes"
	"errors"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func utf16le(t *testing.T, s string) []byte {
	return encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), s)
}

func utf16be(t *testing.T, s string) []byte {
	return encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), s)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func lookup(t *testing.T, name string) Encoding {
	t.Helper()
	e, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

const (
	russian = "В 2024 году боевики напали на пост полиции. В перестрелке убиты пять полицейских.\n"
	english = "Police said the \u201cattack\u201d on the caf\u00e9 cost \u20ac5,000 \u2014 two were wounded.\n"
	page    = "<html><head><meta charset=\"utf-16\"><title>T</title></head><body><p>Caf\u00e9 \u201cattack\u201d in Nice</p></body></html>"
)

// TestDecode: each input with the text and encoding it must give, or the
// error it must be refused with; the note is what stderr says.
func TestDecode(t *testing.T) {
	bom8, bomLE, bomBE := []byte{0xEF, 0xBB, 0xBF}, []byte{0xFF, 0xFE}, []byte{0xFE, 0xFF}
	random := make([]byte, 4096)
	rand.New(rand.NewSource(1)).Read(random)
	for _, c := range []struct {
		name  string
		raw   []byte
		html  bool
		force string
		want  string // decoded text
		enc   string // encoding reported
		note  string // "" for none
		err   error  // refused with
	}{
		// UTF-8: kept as it is, the BOM dropped, nothing to say.
		{name: "utf-8", raw: []byte(english), want: english, enc: UTF8},
		{name: "utf-8 with BOM", raw: cat(bom8, []byte(english)), want: english, enc: UTF8},
		{name: "utf-8 page", raw: []byte("<p>Caf\u00e9</p>"), html: true, want: "<p>Caf\u00e9</p>", enc: UTF8},
		// A page re-encoded to UTF-8 with its old meta tag left: the bytes win.
		{name: "utf-8 page declaring latin-1", raw: []byte(`<meta charset="iso-8859-1"><p>Caf` + "\u00e9</p>"), html: true,
			want: `<meta charset="iso-8859-1"><p>Caf` + "\u00e9</p>", enc: UTF8},

		// UTF-16 by its BOM, as text and as a page.
		{name: "utf-16le text", raw: cat(bomLE, utf16le(t, english)), want: english, enc: UTF16LE, note: "decoded as utf-16le (byte order mark)"},
		{name: "utf-16be text", raw: cat(bomBE, utf16be(t, english)), want: english, enc: UTF16BE, note: "decoded as utf-16be (byte order mark)"},
		{name: "utf-16le page", raw: cat(bomLE, utf16le(t, page)), html: true, want: page, enc: UTF16LE, note: "decoded as utf-16le (byte order mark)"},
		{name: "utf-16be page", raw: cat(bomBE, utf16be(t, page)), html: true, want: page, enc: UTF16BE, note: "decoded as utf-16be (byte order mark)"},
		{name: "utf-16le cyrillic", raw: cat(bomLE, utf16le(t, russian)), want: russian, enc: UTF16LE, note: "decoded as utf-16le (byte order mark)"},
		// Without a BOM only the clear NUL rhythm of mostly-ASCII text counts.
		{name: "utf-16le without BOM", raw: utf16le(t, english), want: english, enc: UTF16LE,
			note: "decoded as utf-16le (no byte order mark, but the NULs of UTF-16)"},
		{name: "utf-16be without BOM", raw: utf16be(t, english), want: english, enc: UTF16BE,
			note: "decoded as utf-16be (no byte order mark, but the NULs of UTF-16)"},
		{name: "utf-16le, too short to tell", raw: utf16le(t, "Hi there"), err: ErrBinary},
		{name: "utf-32le is no utf-16", raw: encode(t, xunicode.UTF8, strings.Join(strings.Split("Police said two were wounded.", ""), "\x00\x00\x00")+"\x00\x00\x00"), err: ErrBinary},

		// 8-bit text: Windows-1252 (curly quotes, the euro sign), Latin-1.
		{name: "windows-1252", raw: encode(t, charmap.Windows1252, english), want: english, enc: Windows1252, note: "decoded as windows-1252 (not UTF-8)"},
		{name: "latin-1 é", raw: []byte("On 5 May 2025 a caf\xe9 was attacked in Nice.\n"), want: "On 5 May 2025 a caf\u00e9 was attacked in Nice.\n", enc: Windows1252, note: "decoded as windows-1252 (not UTF-8)"},
		{name: "windows-1252 page without charset", raw: []byte("<p>\x93Attack\x94 in caf\xe9</p>"), html: true, want: "<p>\u201cAttack\u201d in caf\u00e9</p>", enc: Windows1252},
		{name: "latin-1 page", raw: []byte(`<meta charset="iso-8859-1"><p>caf` + "\xe9</p>"), html: true, want: `<meta charset="iso-8859-1"><p>caf` + "\u00e9</p>", enc: Windows1252},
		{name: "french is not cyrillic", raw: encode(t, charmap.Windows1252, "Le 12 mars 2024, une attaque \u00e0 la grenade a vis\u00e9 le caf\u00e9 de la gare \u00e0 B\u00e9ziers ; deux policiers ont \u00e9t\u00e9 bless\u00e9s.\n"),
			want: "Le 12 mars 2024, une attaque \u00e0 la grenade a vis\u00e9 le caf\u00e9 de la gare \u00e0 B\u00e9ziers ; deux policiers ont \u00e9t\u00e9 bless\u00e9s.\n", enc: Windows1252},
		{name: "german is not cyrillic", raw: encode(t, charmap.Windows1252, "Am 3. M\u00e4rz wurden in M\u00fcnchen zwei Polizisten bei einem Angriff schwer verletzt; der T\u00e4ter floh \u00fcber die Stra\u00dfe.\n"),
			want: "Am 3. M\u00e4rz wurden in M\u00fcnchen zwei Polizisten bei einem Angriff schwer verletzt; der T\u00e4ter floh \u00fcber die Stra\u00dfe.\n", enc: Windows1252},

		// Cyrillic 8-bit text by chardet's statistics, or a page's meta tag.
		{name: "windows-1251", raw: encode(t, charmap.Windows1251, russian), want: russian, enc: "windows-1251",
			note: "decoded as windows-1251 (not UTF-8; Cyrillic by its letter statistics)"},
		{name: "koi8-r", raw: encode(t, charmap.KOI8R, russian), want: russian, enc: "koi8-r"},
		{name: "iso-8859-5", raw: encode(t, charmap.ISO8859_5, russian), want: russian, enc: "iso-8859-5"},
		{name: "windows-1251 page", raw: cat([]byte(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>`), encode(t, charmap.Windows1251, "Москва"), []byte("</p>")), html: true,
			want: `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Москва</p>`, enc: "windows-1251", note: "decoded as windows-1251 (declared by the page)"},
		// One word is too little for statistics: --encoding decides.
		{name: "one cyrillic word", raw: encode(t, charmap.Windows1251, "Москва"), want: "\u00cc\u00ee\u00f1\u00ea\u00e2\u00e0", enc: Windows1252},

		// UTF-8 with a broken byte stays UTF-8 (issue 12: a page whose last
		// character was cut kept an invalid byte in the cleaned text).
		{name: "cut utf-8 page", raw: []byte("<p>\xe2\x80\x8f000000000000000\xe2</p>"), html: true, want: "<p>\u200f000000000000000\ufffd</p>", enc: UTF8,
			note: "decoded as utf-8, 1 undecodable byte replaced by U+FFFD"},
		{name: "utf-8 cut at the end", raw: []byte("Police said\xe2\x80"), want: "Police said\ufffd\ufffd", enc: UTF8,
			note: "decoded as utf-8, 2 undecodable bytes replaced by U+FFFD"},
		{name: "utf-8 with a stray byte", raw: []byte("Caf\u00e9 \u201cattack\u201d \xff in Nice"), want: "Caf\u00e9 \u201cattack\u201d \ufffd in Nice", enc: UTF8},

		// Binary stays refused.
		{name: "binary", raw: []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3}, err: ErrBinary},
		{name: "nul in text", raw: []byte("Police said\x00 nothing."), err: ErrBinary},
		{name: "random bytes", raw: random, err: ErrBinary},
		{name: "control characters", raw: bytes.Repeat([]byte("a\x01\x02\xe9"), 64), err: ErrBinary},
		{name: "utf-16 of control characters", raw: cat(bomLE, utf16le(t, strings.Repeat("\x01\x02a", 50))), err: ErrBinary},

		// --encoding forces one.
		{name: "forced utf-8 refuses latin-1", raw: []byte("caf\xe9"), force: "utf-8", err: ErrInvalidUTF8},
		{name: "forced utf-8 drops its BOM", raw: cat(bom8, []byte("caf\u00e9")), force: "UTF-8", want: "caf\u00e9", enc: UTF8},
		{name: "forced utf-8 refuses NULs", raw: []byte("a\x00b"), force: "utf-8", err: ErrBinary},
		{name: "forced windows-1252 on utf-8", raw: []byte("caf\u00e9"), force: "cp1252", want: "caf\u00c3\u00a9", enc: Windows1252},
		{name: "forced latin1 is windows-1252", raw: []byte("\x93caf\xe9\x94 \x80"), force: "latin1", want: "\u201ccaf\u00e9\u201d \u20ac", enc: Windows1252},
		{name: "forced windows-1251", raw: encode(t, charmap.Windows1251, "Москва"), force: "windows-1251", want: "Москва", enc: "windows-1251"},
		{name: "forced koi8-r page", raw: encode(t, charmap.KOI8R, "<p>Москва</p>"), html: true, force: "koi8-r", want: "<p>Москва</p>", enc: "koi8-r"},
		{name: "forced utf-16le without BOM", raw: utf16le(t, "Hi"), force: "utf-16le", want: "Hi", enc: UTF16LE},
		{name: "forced utf-16be drops its BOM", raw: cat(bomBE, utf16be(t, "Hi")), force: "utf-16be", want: "Hi", enc: UTF16BE},
		{name: "forced 8-bit refuses NULs", raw: []byte{0x7f, 'E', 'L', 'F', 0, 0}, force: "koi8-r", err: ErrBinary},
	} {
		t.Run(c.name, func(t *testing.T) {
			var force Encoding
			if c.force != "" {
				force = lookup(t, c.force)
			}
			got, err := Decode(c.raw, c.html, force)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("got %q (%s), %v; want error %v", got.UTF8, got.Encoding, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !utf8.Valid(got.UTF8) {
				t.Errorf("invalid UTF-8 out: %q", got.UTF8)
			}
			if string(got.UTF8) != c.want || got.Encoding != c.enc {
				t.Errorf("got %q as %s, want %q as %s", got.UTF8, got.Encoding, c.want, c.enc)
			}
			note := got.Note()
			switch {
			case c.note != "" && note != c.note:
				t.Errorf("note %q, want %q", note, c.note)
			case c.force != "" || c.enc == UTF8 && !strings.ContainsRune(c.want, utf8.RuneError):
				if note != "" {
					t.Errorf("note %q, want none", note)
				}
			case note == "":
				t.Error("no note for a file not read as UTF-8")
			}
		})
	}
}

func TestForcedUTF8NamesTheByte(t *testing.T) {
	_, err := Decode([]byte("caf\xe9"), false, lookup(t, "utf-8"))
	if err == nil || !strings.Contains(err.Error(), "invalid UTF-8 at byte 3") {
		t.Errorf("got %v, want the offset of the bad byte", err)
	}
}

func TestLookup(t *testing.T) {
	for label, want := range map[string]string{
		"utf-8": "utf-8", "UTF8": "utf-8", "latin1": "windows-1252", "ISO-8859-1": "windows-1252",
		"cp1252": "windows-1252", "utf-16": "utf-16le", "UTF-16BE": "utf-16be", "cp1251": "windows-1251",
		"koi8-r": "koi8-r", " iso-8859-2 ": "iso-8859-2", "shift_jis": "shift_jis",
	} {
		if e, err := Lookup(label); err != nil || e.Name() != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", label, e.Name(), err, want)
		}
	}
	for _, label := range []string{"", "klingon", "utf-9", "replacement", "iso-2022-kr"} {
		_, err := Lookup(label)
		if err == nil {
			t.Errorf("Lookup(%q) accepted", label)
			continue
		}
		if !strings.Contains(err.Error(), "windows-1252") || !strings.Contains(err.Error(), "koi8-r") {
			t.Errorf("Lookup(%q): %v; want a few valid names", label, err)
		}
	}
}

// Whatever the bytes, what Decode returns is valid UTF-8.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"caf\xe9", "\xff\xfeH\x00i\x00", "\xfe\xff\x00H\xd8\x00", "<p>\xe2\x80\x8f0\xe2</p>", "\xef\xbb\xbf\xff", "\xc3"} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, raw []byte, html bool) {
		got, err := Decode(raw, html, Encoding{})
		if err == nil && !utf8.Valid(got.UTF8) {
			t.Errorf("Decode(%q) = %q: invalid UTF-8", raw, got.UTF8)
		}
	})
}

// TestAlwaysValidUTF8 is FuzzDecode over a fixed set of inputs mixing
// ASCII, high bytes, NULs and BOMs, so every run checks the same ones.
func TestAlwaysValidUTF8(t *testing.T) {
	rnd := rand.New(rand.NewSource(7))
	alphabet := []byte("ab <p>\n\x00\x80\x93\xc3\xa9\xe2\xef\xbb\xbf\xfe\xff\xd0\xe9")
	for i := 0; i < 3000; i++ {
		raw := make([]byte, rnd.Intn(200))
		for j := range raw {
			raw[j] = alphabet[rnd.Intn(len(alphabet))]
		}
		for _, html := range []bool{false, true} {
			got, err := Decode(raw, html, Encoding{})
			if err == nil && !utf8.Valid(got.UTF8) {
				t.Fatalf("Decode(%q, %v) = %q: invalid UTF-8", raw, html, got.UTF8)
			}
		}
	}
}
