package htmltext

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// A page in any encoding gives its main text in UTF-8: by its BOM, its
// declared charset, or detection; binary stays refused.
func TestPageEncodings(t *testing.T) {
	src := page(`><head><title>Flood</title>`, strings.Replace(article, "Heavy rain", "Heavy \u201crain\u201d", 1))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(src))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(src))
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(src))
	ru := page(`><head><meta charset="windows-1251"><title>Наводнение</title>`, "<article><h1>Наводнение</h1><p>"+strings.Repeat("Сильный дождь в понедельник затопил десятки домов в долине. ", 8)+"</p></article>")
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte(ru))
	for name, c := range map[string]struct {
		raw  []byte
		want string
	}{
		"utf-16le":       {le, "Heavy \u201crain\u201d on Monday"},
		"utf-16be":       {be, "Heavy \u201crain\u201d on Monday"},
		"windows-1252":   {cp1252, "Heavy \u201crain\u201d on Monday"},
		"declared 1251":  {cp1251, "Сильный дождь в понедельник"},
		"cut utf-8 page": {[]byte(page(`><head>`, strings.Replace(article, "</article>", "<p>\xe2\x80\x8f000000000000000\xe2</p></article>", 1))), "Heavy rain"},
	} {
		p, err := New().Extract(bytes.NewReader(c.raw), "")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !strings.Contains(p.Text, c.want) || !utf8.ValidString(p.Text) {
			t.Errorf("%s: text %.120q lacks %q", name, p.Text, c.want)
		}
	}
	if _, err := New().Extract(bytes.NewReader([]byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3}), ""); !errors.Is(err, ErrNotText) {
		t.Errorf("binary: %v, want ErrNotText", err)
	}
}
