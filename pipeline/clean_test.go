package pipeline

import (
	"regexp"
	"strings"
	"testing"
)

func TestCollapseSpace(t *testing.T) {
	re := regexp.MustCompile(`[ \t\x{00A0}\x{2000}-\x{200B}\x{202F}\x{205F}\x{3000}]+`)
	for _, s := range []string{"", "a", "a b", "a  b", " a\t\tb ", "a\u00a0b", "a \u2009 b", "ünï  cödé\u3000x", "\t", "a b  c   d"} {
		if got, want := collapseSpace(s), re.ReplaceAllString(s, " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

// Cleaning corpus: raw text -> what must (or must not) be in the cleaned text.
func TestClean(t *testing.T) {
	e := engine(t)
	cases := []struct {
		raw         string
		keep, drop  []string
		headingText string
	}{
		{raw: "= Title =\n\nInfobox\n- Date: 1 May 2020\n- Place: Kabul\n\nThe attack happened.[5] It was bad.[citation needed]\n\n== See also ==\n- List of attacks\n",
			keep: []string{"The attack happened. It was bad."}, drop: []string{"Infobox", "Date: 1 May", "[5]", "See also", "List of attacks"}, headingText: "Title"},
		{raw: "• USD87.04\n  • EUR93.30\n  • 1944\n\nGunmen attacked a bus.\nSubscribe to our newsletter\nShare on Facebook\n\nGunmen attacked a bus.\n",
			keep: []string{"Gunmen attacked a bus."}, drop: []string{"USD87.04", "EUR93.30", "1944", "Subscribe", "Share on"}},
		{raw: "Police said two men were held.\nKata Kunci Pencarian: serangan, teror, polisi\nPolisi menangkap dua orang tersangka di kota itu kemarin sore.\n",
			keep: []string{"Police said two men were held."}, drop: []string{"Kata Kunci", "Polisi menangkap"}},
		{raw: "=== 2024 ===\nOn 11 October, two men were killed.\n| 2024 | 231 | 670+ |\n", keep: []string{"On 11 October"}, drop: []string{"670+"}, headingText: "2024"},
	}
	for _, c := range cases {
		got, err := e.Clean(Document{Raw: []byte(c.raw)})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range c.keep {
			if !strings.Contains(got.Text, k) {
				t.Errorf("cleaned text lacks %q:\n%s", k, got.Text)
			}
		}
		for _, d := range c.drop {
			if strings.Contains(got.Text, d) {
				t.Errorf("cleaned text keeps %q:\n%s", d, got.Text)
			}
		}
		if strings.Count(got.Text, "Gunmen attacked a bus.") > 1 {
			t.Errorf("repeated block kept twice:\n%s", got.Text)
		}
		if c.headingText != "" {
			found := false
			for _, b := range got.Blocks {
				if b.Heading && got.Text[b.Start:b.End] == c.headingText {
					found = true
				}
			}
			if !found {
				t.Errorf("heading %q not kept as a heading block: %+v", c.headingText, got.Blocks)
			}
		}
		for _, s := range e.Segment(got) {
			if got.Text[s.Start:s.End] != s.Text {
				t.Errorf("sentence offsets %d:%d do not match its text", s.Start, s.End)
			}
		}
	}
}
