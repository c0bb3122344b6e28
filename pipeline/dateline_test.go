package pipeline

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A table of wire and newspaper datelines (testdata/datelines.tsv, with
// near-misses): each opening line gives the dateline's date and place, or
// none; a dateline is a block of its own, never a sentence.
func TestDatelines(t *testing.T) {
	e := engine(t)
	rows := readTSV(t, "testdata/datelines.tsv")
	n := 0
	for _, r := range rows {
		n++
		line := r["line"]
		c := e.cleaner.Clean(line)
		dl := c.Dateline
		if r["place"] == "" {
			if dl != nil {
				t.Errorf("%q is not a dateline, read as %+v", line, *dl)
			}
			continue
		}
		if dl == nil {
			t.Errorf("%q: no dateline (want %s, %s)", line, r["place"], r["date"])
			continue
		}
		if got := titleCase(dl.City); !strings.EqualFold(got, r["place"]) {
			t.Errorf("%q: place %q, want %q", line, got, r["place"])
		}
		date := ""
		switch {
		case dl.Year > 0 && dl.Day > 0:
			date = fmt.Sprintf("%04d-%02d-%02d", dl.Year, dl.Month, dl.Day)
		case dl.Month > 0 && dl.Day > 0:
			date = fmt.Sprintf("--%02d-%02d", dl.Month, dl.Day)
		}
		if date != r["date"] {
			t.Errorf("%q: date %q, want %q", line, date, r["date"])
		}
		if want := r["country"]; want != "" {
			if got := e.datelineHint(dl).Country; got != want {
				t.Errorf("%q: country %q, want %q", line, got, want)
			}
		}
		for _, s := range e.Segment(c) {
			if strings.Contains(dl.Text, s.Text) {
				t.Errorf("%q: the dateline is a sentence", line)
			}
		}
	}
	if n < 40 {
		t.Fatalf("%d datelines, want at least 40", n)
	}
}

// A page's publication stamp among its first lines is dropped and dates the
// page; a date further down, or a stamp without a day, is none.
func TestPublicationStamps(t *testing.T) {
	e := engine(t)
	for _, c := range []struct{ text, want string }{
		{"This Article is From Feb 21, 2013\n\nBombs ripped through a suburb of Hyderabad on Thursday.", "2013-02-21"},
		{"Kabul bombing\nPublished: 21 February 2013 10:15 IST\n\nA bomb went off on Thursday.", "2013-02-21"},
		{"Posted on March 3, 2019 at 5:02 pm\nGunmen attacked a post on Sunday.", "2019-03-03"},
		{"First published on Tue 4 Jun 2019 09.12 BST\n\nA blast hit a market.", "2019-06-04"},
		// Near misses: prose that mentions a date, a stamp with no day.
		{"The report was published on Feb 21, 2013 by the ministry.", ""},
		{"Published: February 2013\n\nA blast hit a market.", ""},
	} {
		cl := e.cleaner.Clean(c.text)
		got := ""
		if st := cl.Stamp; st != nil {
			got = fmt.Sprintf("%04d-%02d-%02d", st.Year, st.Month, st.Day)
			if strings.Contains(cl.Text, st.Text) {
				t.Errorf("%q: the stamp line stays in the text", c.text)
			}
		}
		if got != c.want {
			t.Errorf("%q: stamp %q, want %q", c.text, got, c.want)
		}
	}
	res, err := e.Process(Document{ID: "stamp.txt", Raw: []byte("This Article is From Feb 21, 2013\n\nAt least 11 people were killed when bombs ripped through a suburb of Hyderabad on Thursday.")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || res.Records[0].Fields.Format("date") != "2013-02-21" {
		t.Errorf("the stamp should date Thursday: %+v", res.Records)
	}
}

// A round-up of wire reports: each later paragraph's own dateline places
// what follows it; a chronology's "City, date —" entries are no datelines.
func TestRoundUpDatelines(t *testing.T) {
	e := engine(t)
	pub := time.Date(1990, 5, 9, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, text string
		want       []string // country of each record, in order
	}{
		{"wire round-up", `Latin America violence round-up

BOGOTA (EFE).- Leftist guerrillas dynamited an oil pipeline near Saravena on Monday night, officials said.

GUATEMALA CITY (EFE).- Police arrested four suspected rebels in a safe house in the capital on Tuesday and seized rifles.

SAN SALVADOR, May 8 (Reuter) - Rebels attacked an army post in the town of Suchitoto on Tuesday, killing five soldiers.
`, []string{"Colombia", "Guatemala", "El Salvador"}},
		{"chronology entries", `Colombia 1990: a chronology

Bogotá, 14 January — A car bomb exploded near a police station, killing four people.

Quito, 2 February — Police in Bogotá arrested three suspected members of a guerrilla cell.
`, []string{"Colombia", "Colombia"}},
	} {
		res, err := e.Process(Document{ID: "r.txt", Raw: []byte(c.text), Published: pub})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range res.Records {
			got = append(got, r.Fields.Format("country"))
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: countries %v, want %v", c.name, got, c.want)
		}
	}
}
