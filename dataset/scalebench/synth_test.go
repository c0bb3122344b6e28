package scalebench

import (
	"testing"

	"incidentkit/rules"
)

// TestCorpus: 200 towns over five countries; the same seed gives the same
// documents; about 8% are verbatim repeats of an earlier one.
func TestCorpus(t *testing.T) {
	towns, err := Towns(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, tw := range towns {
		per[tw.country]++
	}
	if len(towns) != 200 || len(per) != 5 {
		t.Fatalf("%d towns in %d countries, want 200 in 5", len(towns), len(per))
	}
	text := "On 3 March 2021 a bomb killed 12 people and injured 31 in Lyon, France.\n\n" +
		"Police arrested 4 men on 5 March and 2 more the next day.\n\n" +
		"The 3 attackers had planned 6 attacks, 17 officers said.\n\n" +
		"A second device with 8 kg of explosives was found near 2 schools.\n\n" +
		"In 2019, 14 people were hurt in a similar attack; 9 were charged."
	bases := []base{{text: text, places: []string{"Lyon"}, lands: []string{"France"}}}
	gen := func(seed uint64) []string {
		c := NewCorpus(bases, towns, seed)
		out := make([]string, 2000)
		for i := range out {
			out[i] = c.Next()
		}
		return out
	}
	a, b := gen(3), gen(3)
	seen := map[string]bool{}
	repeats := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("document %d differs between two runs with one seed", i)
		}
		if seen[a[i]] {
			repeats++
		}
		seen[a[i]] = true
	}
	if share := float64(repeats) / float64(len(a)); share < 0.06 || share > 0.11 {
		t.Errorf("%.3f of the documents repeat an earlier one, want about 0.08", share)
	}
	if gen(4)[0] == a[0] && gen(4)[1] == a[1] {
		t.Error("another seed gives the same documents")
	}
}
