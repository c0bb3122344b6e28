package rules

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadExportsDefaults(t *testing.T) {
	s, err := LoadSchema(Defaults(), "fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	x, err := LoadExports(Defaults(), s)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.AttackTypes["bombing"]; got.Code != 3 || got.Name != "Bombing/Explosion" {
		t.Errorf("bombing -> %+v", got)
	}
	if x.ISO2["Russia"] != "RU" || x.ISO2["United Kingdom"] != "GB" || x.ISO2["Turkey"] != "TR" {
		t.Errorf("ISO codes: Russia %q, United Kingdom %q, Turkey %q", x.ISO2["Russia"], x.ISO2["United Kingdom"], x.ISO2["Turkey"])
	}
	if c := x.Column("nkill"); c == nil || c.GTD != "nkill" || c.ACLED != "fatalities" {
		t.Errorf("nkill column names: %+v", c)
	}
}

// Every mistake in exports.yaml or countries.tsv names file:line.
func TestLoadExportsErrors(t *testing.T) {
	base, err := fs.ReadFile(Defaults(), ExportsFile)
	if err != nil {
		t.Fatal(err)
	}
	codes, _ := fs.ReadFile(Defaults(), CountriesFile)
	s, err := LoadSchema(Defaults(), "fields.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, from, to, countries, want string
	}{
		{"unknown key", "  bombing: {code: 3, gtd: Bombing/Explosion}", "  bombing: {code: 3, gdt: Bombing/Explosion}", "", `exports.yaml:32: unknown key "gdt"`},
		{"no GTD name", "  melee: {code: 9, gtd: Melee}", "  melee: {code: 9}", "", "exports.yaml:47: weapons: melee needs a code and a gtd name"},
		{"not a count", "nkill: [killed, perpetrators_killed]", "nkill: [killed, place]", "", `"place" is not a count field`},
		{"column without names", `  iday: {gtd: iday, acled: "", about: "day of the month, 0 when unknown"}`, `  iday: {gtd: iday, about: "x"}`, "", "column iday needs gtd, acled"},
		{"bad code", "", "", "country\tiso2\nRussia\tRUS\n", "gazetteer/countries.tsv:2: want country<TAB>two-letter code"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := string(base)
			if c.from != "" {
				if !strings.Contains(data, c.from) {
					t.Fatalf("exports.yaml lacks %q", c.from)
				}
				data = strings.Replace(data, c.from, c.to, 1)
			}
			cs := string(codes)
			if c.countries != "" {
				cs = c.countries
			}
			fsys := fstest.MapFS{ExportsFile: {Data: []byte(data)}, CountriesFile: {Data: []byte(cs)}}
			_, err := LoadExports(fsys, s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
