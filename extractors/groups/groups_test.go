package groups

import (
	"testing"

	"incidentkit/rules"
)

func extractor(t testing.TB) *Extractor {
	t.Helper()
	rs, err := rules.Load(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	return New(rs.Groups)
}

// corpus: phrases grouped by the canonical group they must give ("" = none).
var corpus = []struct {
	want    string
	phrases []string
}{
	{"Islamic State", []string{
		"IS claimed responsibility for the attack",
		"suspected IS gunmen attacked a police post",
		"six Islamic State-linked detainees took guards hostage",
		"two suspected IS-linked assailants were killed",
		"a video of the attacker pledging allegiance to ISIS",
		"the bombing was claimed by ISIL through its Amaq agency",
		"Daesh fighters stormed the village",
		"a cell of the Islamic State group was dismantled",
		"ISIS's news agency said",
	}},
	{"Islamic State – Khorasan Province", []string{
		"four Tajik IS–K gunmen launched an attack",
		"Russian forces killed four ISIS-K affiliated militants",
		"killing two ISKP members from Central Asia",
		"members of Wilayat Khorasan were planning an attack",
		"an attempt by the Islamic State's Khorasan Province to bomb an embassy",
		"the Islamic State – Khorasan Province (ISKP) claimed it",
	}},
	{"Islamic State – Caucasus Province", []string{
		"the collapse was claimed by IS-CP",
		"the leaders of the ISCP in the North Caucasus",
		"a video released by Wilayat Kavkaz",
	}},
	{"Islamic State – West Africa Province", []string{
		"ISWAP fighters ambushed a military convoy near Maiduguri",
		"the Islamic State West Africa Province said it carried out the raid",
	}},
	{"Islamic State – Sahel Province", []string{"the Islamic State in the Greater Sahara killed 20 soldiers"}},
	{"al-Shabaab", []string{"al-Shabaab militants stormed a hotel in Mogadishu", "Al-Shabab claimed the car bomb"}},
	{"al-Qaeda in the Arabian Peninsula", []string{"AQAP claimed the shooting"}},
	{"Boko Haram", []string{"Boko Haram abducted 276 schoolgirls"}},
	{"Tehrik-i-Taliban Pakistan", []string{"the Pakistani Taliban said its fighters attacked the school", "TTP militants attacked a checkpoint"}},
	{"Kurdistan Workers' Party", []string{"officials blamed the PKK for the bombing", "Kurdish rebels ambushed a convoy in Hakkari", "suspected PKK militants fired on the post"}},
	{"Dissident Republicans", []string{"dissident republicans planted a bomb under a police car", "police blamed dissident Republicans for the attack"}},
	{"Liberation Tigers of Tamil Eelam", []string{"the Tamil Tigers detonated a truck bomb"}},
	{"Caucasus Emirate", []string{"a suicide bomber of the Caucasus Emirate"}},
	{"Irish Republican Army", []string{"the Provisional IRA planted a bomb"}},
	{"Real Irish Republican Army", []string{"the Real IRA claimed the Omagh bombing"}},
	{"Jama'at Nasr al-Islam wal-Muslimin", []string{"JNIM fighters attacked an army base"}},
	{"", []string{
		"THIS IS NOT A GROUP",
		"at least five suspected Islamic militants",
		"the Islamist insurgency in the 1990s",
		"the police said it is investigating",
		"WHAT IS KNOWN ABOUT THE ATTACK",
		"a crisis in the region",
	}},
}

func TestCorpus(t *testing.T) {
	e := extractor(t)
	n := 0
	for _, g := range corpus {
		for _, p := range g.phrases {
			n++
			got := e.Extract(p)
			switch {
			case g.want == "" && len(got) > 0:
				t.Errorf("%q: want no group, got %q", p, got[0].Name)
			case g.want != "":
				best, ok := pickSpecific(got)
				if !ok || best != g.want {
					t.Errorf("%q: want %q, got %v", p, g.want, got)
				}
			}
			for _, m := range got {
				if p[m.Start:m.End] != m.Text {
					t.Errorf("%q: span %d:%d is %q, not %q", p, m.Start, m.End, p[m.Start:m.End], m.Text)
				}
			}
		}
	}
	if n < 30 {
		t.Fatalf("corpus has %d phrases, want at least 30", n)
	}
}

// pickSpecific mirrors the assembler: a province named with its parent wins.
func pickSpecific(ms []Mention) (string, bool) {
	if len(ms) == 0 {
		return "", false
	}
	best := ms[0]
	for _, m := range ms[1:] {
		if m.Parent != "" && m.Parent == best.Name {
			best = m
		}
	}
	return best.Name, true
}

func BenchmarkExtract(b *testing.B) {
	e := extractor(b)
	s := "On 22 March 2024, four Tajik IS–K gunmen launched an attack on a concert hall and shopping mall in Krasnogorsk, Russia, killing 149."
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		e.Extract(s)
	}
}
