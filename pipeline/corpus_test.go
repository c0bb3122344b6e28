package pipeline

import "testing"

// TestRuleCorpora runs the examples beside every rule (NAME.corpus.yaml):
// each must fire its rule and each near-miss must not; a rule without
// examples fails.
func TestRuleCorpora(t *testing.T) {
	rep := engine(t).CheckCorpora()
	for _, f := range rep.Failures {
		t.Error(f)
	}
	for _, u := range rep.Uncovered {
		t.Error(u)
	}
	for _, u := range rep.Unknown {
		t.Error(u)
	}
	if rep.Rules < 100 || rep.Examples < 3*rep.Rules {
		t.Errorf("%d rules, %d examples: want at least 100 rules and 3 examples each", rep.Rules, rep.Examples)
	}
}
