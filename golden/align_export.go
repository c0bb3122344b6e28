package golden

// Align pairs predicted records with golden records of one document exactly as
// the scorer does (quote pairs first, in golden order, then date pairs) and
// returns the pairs as [predicted index, golden index]. The dataset's
// clustering score reuses it so that "the record for this golden incident"
// means the same thing there as in `extract eval`.
func (g *Scorer) Align(pred, gold []Record) [][2]int {
	pairs := g.align(newFolder(), pred, gold)
	out := make([][2]int, len(pairs))
	for i, p := range pairs {
		out[i] = [2]int{p.p, p.g}
	}
	return out
}
